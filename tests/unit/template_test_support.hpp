// Filling the FILL ME placeholders of init's bundle.toml template in tests.
#pragma once

#include <string>

namespace template_test_support {

// A valid value (TOML text) for a template key a person must fill in.
inline std::string valid_value_for(const std::string& key) {
  if (key == "license") return "\"MIT\"";
  if (key == "name") return "\"filled-name\"";
  if (key == "security_contact") return "\"security@example.com\"";
  if (key == "digest") return "\"sha256:" + std::string(64, '0') + "\"";
  if (key == "relation") return "\"finetune\"";
  if (key == "role") return "\"eval\"";
  if (key == "source_url") return "\"https://example.com/x\"";
  if (key == "retrieved_at") return "2026-09-12T10:00:00Z";
  if (key == "personal_data") return "false";
  if (key == "date") return "2026-09-12";
  if (key == "value") return "0.5";
  if (key == "dataset") return "\"ds\"";
  return "\"filled in\"";
}

}  // namespace template_test_support
