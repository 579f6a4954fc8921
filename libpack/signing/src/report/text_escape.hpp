// Escaping of report values, which come from hostile uploads: each renderer
// passes every value through the function for its format.
#pragma once

#include <string>
#include <string_view>

namespace modelseal::report {

// One line of valid UTF-8: control characters (newlines included) become
// spaces; invalid UTF-8 and bidirectional-override characters, which could
// make a line read differently from what it holds, become U+FFFD.
std::string single_line(std::string_view text);

// single_line, then & < > " ' as HTML character references.
std::string html_escaped(std::string_view text);

// single_line, then a backslash before every character through which Markdown
// could make a link, an image, HTML, a code span, a table cell, emphasis or an
// entity (which could smuggle back a character single_line removed).
std::string markdown_escaped(std::string_view text);

// A code span when the text holds no backtick or pipe; markdown_escaped otherwise.
std::string markdown_code(std::string_view text);

}  // namespace modelseal::report
