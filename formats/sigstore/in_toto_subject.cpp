#include "formats/sigstore/in_toto_subject.hpp"

namespace modelseal::formats {

bool has_subject_sha256(const nlohmann::json& statement, std::string_view hex) {
  if (!statement.is_object()) return false;
  auto subjects = statement.find("subject");
  if (subjects == statement.end() || !subjects->is_array()) return false;
  for (const nlohmann::json& subject : *subjects) {
    if (!subject.is_object()) continue;
    auto digest = subject.find("digest");
    if (digest == subject.end() || !digest->is_object()) continue;
    auto sha256 = digest->find("sha256");
    if (sha256 != digest->end() && sha256->is_string() &&
        sha256->get_ref<const std::string&>() == hex)
      return true;
  }
  return false;
}

}  // namespace modelseal::formats
