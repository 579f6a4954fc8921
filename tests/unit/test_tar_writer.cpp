#include <doctest/doctest.h>

#include <cstring>

#include "archive/tar_writer.hpp"
#include "tar_writer_test_support.hpp"

using namespace modelseal;
using namespace modelseal::archive;

TEST_CASE("tar writer emits canonical ustar headers") {
  std::string tar = tar_test::written_tar({{"a.txt", "hello"}}, 1700000000);
  REQUIRE(tar.size() == 512 + 512 + 1024);
  CHECK(std::string(tar.data(), 5) == "a.txt");
  CHECK(std::string(&tar[100], 8) == std::string("0000644\0", 8));
  CHECK(std::string(&tar[124], 12) == std::string("00000000005\0", 12));
  CHECK(std::string(&tar[136], 12) == std::string("14524770400\0", 12));
  CHECK(tar[156] == '0');
  CHECK(std::memcmp(&tar[257], "ustar\0" "00", 8) == 0);
  CHECK(tar.substr(512, 5) == "hello");
  CHECK(tar.substr(tar.size() - 1024) == std::string(1024, '\0'));
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
  char expected[8];
  std::snprintf(expected, sizeof expected, "%06o", sum);
  CHECK(std::string(&tar[148], 6) == expected);
  CHECK(tar[154] == '\0');
  CHECK(tar[155] == ' ');
}

TEST_CASE("tar writer adds a pax path record for long and non-ASCII names") {
  std::string long_name(150, 'n');
  std::string tar = tar_test::written_tar({{long_name, "x"}});
  CHECK(tar[156] == 'x');
  std::string record = "160 path=" + long_name + "\n";
  CHECK(tar.substr(512, record.size()) == record);
  std::string utf8 = tar_test::written_tar({{"caf\xC3\xA9.bin", "x"}});
  CHECK(utf8[156] == 'x');
  CHECK(utf8.find("path=caf\xC3\xA9.bin\n") != std::string::npos);
}

TEST_CASE("tar writer is deterministic and checks declared sizes") {
  CHECK(tar_test::written_tar({{"a", "1"}, {"b", "22"}}) == tar_test::written_tar({{"a", "1"}, {"b", "22"}}));
  MemorySink sink;
  TarWriter tar(sink, 0);
  REQUIRE(tar.begin_file("f", 2).ok());
  CHECK_FALSE(tar.write_data({reinterpret_cast<const uint8_t*>("abc"), 3}).ok());
  CHECK_FALSE(tar.end_file().ok());
  CHECK_FALSE(TarWriter::valid_mtime(-1));
  CHECK_FALSE(TarWriter::valid_mtime(int64_t{1} << 40));
}
