#include "formats/bundle_toml/toml_values.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace modelseal::formats::bundle_toml_internal {

namespace {

constexpr std::string_view kDateTimeExample = "2026-09-12T10:00:00Z";

void report_invalid(TableReader& reader, const toml::node& node, std::string_view key,
                    std::string_view what, std::string_view hint) {
  reader.diag().report(position_of(node.source(), reader.where()), ErrorCode::kInvalidMetadata,
                       fmt::format("invalid value for '{}': {} (hint: {})", reader.path(key), what,
                                   hint));
}

const toml::node* find_or_record(TableReader& reader, const Field& field) {
  const toml::node* node = reader.find(field.key);
  if (!node && field.need == Need::kRequired) reader.missing_field(field.key, field.hint);
  return node;
}

}  // namespace

std::string format_date(const toml::date& date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string format_time(const toml::time& time) {
  std::string out = fmt::format("{:02}:{:02}:{:02}", time.hour, time.minute, time.second);
  if (time.nanosecond != 0) {
    std::string fraction = fmt::format("{:09}", time.nanosecond);
    fraction.erase(fraction.find_last_not_of('0') + 1);
    out += "." + fraction;
  }
  return out;
}

std::string format_date_time(const toml::date_time& date_time) {
  std::string out = format_date(date_time.date) + "T" + format_time(date_time.time);
  if (!date_time.offset) return out;
  const int minutes = date_time.offset->minutes;
  if (minutes == 0) return out + "Z";
  const int magnitude = minutes < 0 ? -minutes : minutes;
  return out + fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

bool read_offset_date_time(TableReader& reader, const Field& field, std::string& out) {
  const toml::node* node = find_or_record(reader, field);
  if (!node) return false;
  const std::string etsi_hint = fmt::format(
      "ETSI principle 8 asks for the retrieval date and time; write an offset date-time such as "
      "{}, with Z for UTC or an offset such as +02:00",
      kDateTimeExample);
  if (const auto* value = node->as_date_time()) {
    if (value->get().is_local()) {
      report_invalid(reader, *node, field.key,
                     fmt::format("{} has no UTC offset", format_date_time(value->get())),
                     etsi_hint);
      return false;
    }
    out = format_date_time(value->get());
    return true;
  }
  if (const auto* date = node->as_date()) {
    report_invalid(reader, *node, field.key,
                   fmt::format("{} is a date without a time of day", format_date(date->get())),
                   etsi_hint);
    return false;
  }
  report_wrong_type(reader.diag(), *node, reader.path(field.key), "an offset date-time",
                    node->is_string() ? fmt::format("write it without quotes, e.g. {} = {}",
                                                    field.key, kDateTimeExample)
                                      : etsi_hint);
  return false;
}

bool read_date_or_offset_date_time(TableReader& reader, const Field& field, std::string& out) {
  const toml::node* node = find_or_record(reader, field);
  if (!node) return false;
  if (const auto* date = node->as_date()) {
    out = format_date(date->get());
    return true;
  }
  const auto* value = node->as_date_time();
  if (value && !value->get().is_local()) {
    out = format_date_time(value->get());
    return true;
  }
  const std::string hint = node->is_string()
                               ? fmt::format("write it without quotes, e.g. {} = 2026-09-12", field.key)
                               : std::string(field.hint);
  if (value) {
    report_invalid(reader, *node, field.key,
                   fmt::format("{} has no UTC offset", format_date_time(value->get())),
                   "write a date such as 2026-09-12, or a date-time with Z or an offset");
    return false;
  }
  report_wrong_type(reader.diag(), *node, reader.path(field.key),
                    "a date or an offset date-time", hint);
  return false;
}

bool read_number_or_string(TableReader& reader, const Field& field, std::string& out,
                           bool& is_number) {
  const toml::node* node = find_or_record(reader, field);
  if (!node) return false;
  if (const auto* integer = node->as_integer()) {
    out = std::to_string(integer->get());
    is_number = true;
    return true;
  }
  if (const auto* floating = node->as_floating_point()) {
    const double value = floating->get();
    if (!std::isfinite(value)) {
      report_invalid(reader, *node, field.key, "is not a finite number",
                     "write a number such as 0.91, or a string");
      return false;
    }
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc()) return false;  // cannot happen: 64 bytes hold any double
    out.assign(buffer, end);
    is_number = true;
    return true;
  }
  if (const auto* text = node->as_string()) {
    if (!check_text(reader.diag(), *node, reader.path(field.key), text->get(), field.hint))
      return false;
    out = text->get();
    is_number = false;
    return true;
  }
  report_wrong_type(reader.diag(), *node, reader.path(field.key), "a number or a string",
                    field.hint);
  return false;
}

}  // namespace modelseal::formats::bundle_toml_internal
