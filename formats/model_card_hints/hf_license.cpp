#include "formats/model_card_hints/hf_license.hpp"

#include <array>
#include <utility>

namespace modelseal::formats::model_card_hints {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Hugging Face identifiers of licenses SPDX lists, with their SPDX ids.
constexpr std::array kSpdx{
    Pair{"apache-2.0", "Apache-2.0"}, Pair{"mit", "MIT"}, Pair{"afl-3.0", "AFL-3.0"},
    Pair{"artistic-2.0", "Artistic-2.0"}, Pair{"bsl-1.0", "BSL-1.0"},
    Pair{"bsd-2-clause", "BSD-2-Clause"}, Pair{"bsd-3-clause", "BSD-3-Clause"},
    Pair{"bsd-3-clause-clear", "BSD-3-Clause-Clear"}, Pair{"c-uda", "C-UDA-1.0"},
    Pair{"cc0-1.0", "CC0-1.0"}, Pair{"cc-by-2.0", "CC-BY-2.0"}, Pair{"cc-by-2.5", "CC-BY-2.5"},
    Pair{"cc-by-3.0", "CC-BY-3.0"}, Pair{"cc-by-4.0", "CC-BY-4.0"},
    Pair{"cc-by-sa-3.0", "CC-BY-SA-3.0"}, Pair{"cc-by-sa-4.0", "CC-BY-SA-4.0"},
    Pair{"cc-by-nc-2.0", "CC-BY-NC-2.0"}, Pair{"cc-by-nc-3.0", "CC-BY-NC-3.0"},
    Pair{"cc-by-nc-4.0", "CC-BY-NC-4.0"}, Pair{"cc-by-nd-4.0", "CC-BY-ND-4.0"},
    Pair{"cc-by-nc-nd-3.0", "CC-BY-NC-ND-3.0"}, Pair{"cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0"},
    Pair{"cc-by-nc-sa-2.0", "CC-BY-NC-SA-2.0"}, Pair{"cc-by-nc-sa-3.0", "CC-BY-NC-SA-3.0"},
    Pair{"cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"}, Pair{"cdla-sharing-1.0", "CDLA-Sharing-1.0"},
    Pair{"cdla-permissive-1.0", "CDLA-Permissive-1.0"},
    Pair{"cdla-permissive-2.0", "CDLA-Permissive-2.0"}, Pair{"wtfpl", "WTFPL"},
    Pair{"ecl-2.0", "ECL-2.0"}, Pair{"epl-1.0", "EPL-1.0"}, Pair{"epl-2.0", "EPL-2.0"},
    Pair{"etalab-2.0", "etalab-2.0"}, Pair{"eupl-1.1", "EUPL-1.1"}, Pair{"eupl-1.2", "EUPL-1.2"},
    Pair{"isc", "ISC"}, Pair{"lppl-1.3c", "LPPL-1.3c"}, Pair{"ms-pl", "MS-PL"},
    Pair{"mpl-2.0", "MPL-2.0"}, Pair{"odc-by", "ODC-By-1.0"}, Pair{"odbl", "ODbL-1.0"},
    Pair{"pddl", "PDDL-1.0"}, Pair{"postgresql", "PostgreSQL"}, Pair{"zlib", "Zlib"},
    Pair{"ofl-1.1", "OFL-1.1"}, Pair{"ncsa", "NCSA"}, Pair{"unlicense", "Unlicense"},
    Pair{"lgpl-lr", "LGPLLR"},
};

// Named licenses SPDX does not list: LicenseRef-<id>.
constexpr std::array<std::string_view, 21> kLicenseRef{
    "openrail", "bigscience-openrail-m", "creativeml-openrail-m", "bigscience-bloom-rail-1.0",
    "bigcode-openrail-m", "h-research", "intel-research", "apple-ascl", "apple-amlr",
    "openmdw-1.0", "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4",
    "grok2-community", "gemma", "deepfloyd-if-license", "fair-noncommercial-research-license",
    "openrail++",
};

// Identifiers SPDX splits in two or more: a person picks one.
constexpr std::array kAmbiguous{
    Pair{"gpl", "GPL-2.0-only, GPL-2.0-or-later, GPL-3.0-only or GPL-3.0-or-later"},
    Pair{"gpl-2.0", "GPL-2.0-only or GPL-2.0-or-later"},
    Pair{"gpl-3.0", "GPL-3.0-only or GPL-3.0-or-later"},
    Pair{"lgpl", "LGPL-2.1-only, LGPL-2.1-or-later, LGPL-3.0-only or LGPL-3.0-or-later"},
    Pair{"lgpl-2.1", "LGPL-2.1-only or LGPL-2.1-or-later"},
    Pair{"lgpl-3.0", "LGPL-3.0-only or LGPL-3.0-or-later"},
    Pair{"agpl-3.0", "AGPL-3.0-only or AGPL-3.0-or-later"},
    Pair{"gfdl", "one of the GFDL-1.x-only or -or-later ids"},
    Pair{"bsd", "BSD-2-Clause, BSD-3-Clause or another BSD variant"},
    Pair{"cc", "the Creative Commons license and version, e.g. CC-BY-4.0"},
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

LicenseMapping map_hf_license(std::string_view hf_id) {
  const std::string id = lower(hf_id);
  for (const auto& [hf, spdx] : kSpdx)
    if (id == hf) return {std::string(spdx), {}};
  for (std::string_view hf : kLicenseRef) {
    if (id != hf) continue;
    std::string ref = "LicenseRef-" + id;
    for (char& c : ref)
      if (c == '+') c = '-';  // LicenseRef ids are [A-Za-z0-9.-]
    return {ref, {}};
  }
  for (const auto& [hf, choices] : kAmbiguous)
    if (id == hf) return {std::nullopt, "SPDX has " + std::string(choices) + ": pick one"};
  if (id == "other") return {std::nullopt, "the license is 'other': name it, LicenseRef-<name> if SPDX lists none"};
  if (id == "unknown") return {std::nullopt, "the license is 'unknown'"};
  return {std::nullopt, "not a Hugging Face license identifier modelseal knows"};
}

}  // namespace modelseal::formats::model_card_hints
