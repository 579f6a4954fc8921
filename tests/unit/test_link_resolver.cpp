// --allow-symlinks: links are followed only to regular files inside the link
// boundary (the model folder, or the repository folder of a Hugging Face cache
// snapshot), and a followed file is read only while it is the file resolved
// (issue 16, part 2).
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "tree/link_resolver.hpp"
#include "tree/model_tree.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

// models--org--m/{refs/main, blobs/<sha>, snapshots/abc/...} with the hub's relative links.
struct HubCache {
  test_support::TempDir dir;
  stdfs::path repo = dir / "models--org--m";
  stdfs::path snapshot = repo / "snapshots" / "abc";
  HubCache() {
    stdfs::create_directories(repo / "blobs");
    stdfs::create_directories(repo / "refs");
    stdfs::create_directories(snapshot / "sub");
    test_support::write_bytes(repo / "refs" / "main", "abc");
    test_support::write_bytes(repo / "blobs" / "b1", "config bytes");
    test_support::write_bytes(repo / "blobs" / "b2", "weights");
    stdfs::create_symlink("../../blobs/b1", snapshot / "config.json");
    stdfs::create_symlink("../../../blobs/b2", snapshot / "sub" / "model.safetensors");
  }
};

std::string refusal(const Result<tree::ResolvedLink>& r) {
  REQUIRE(!r.ok());
  CHECK(r.error().code == ErrorCode::kUnsupported);
  return r.error().detail;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("link_boundary: a hub snapshot's boundary is its repository folder, else the folder") {
  HubCache hub;
  CHECK(*tree::link_boundary(hub.snapshot) == stdfs::canonical(hub.repo));
  CHECK(*tree::link_boundary(hub.snapshot / "sub") == stdfs::canonical(hub.snapshot / "sub"));
  CHECK(*tree::link_boundary(hub.repo) == stdfs::canonical(hub.repo));
  // snapshots/REV without blobs/ beside it is an ordinary folder.
  test_support::TempDir other;
  stdfs::create_directories(other / "snapshots" / "r");
  CHECK(*tree::link_boundary(other / "snapshots" / "r") == stdfs::canonical(other / "snapshots" / "r"));
  // blobs/ that is itself a link does not make a hub cache.
  stdfs::create_directories(other / "elsewhere");
  stdfs::create_directory_symlink(other / "elsewhere", other / "blobs");
  CHECK(*tree::link_boundary(other / "snapshots" / "r") == stdfs::canonical(other / "snapshots" / "r"));
}

TEST_CASE("resolve_link follows links that stay inside the boundary") {
  HubCache hub;
  const stdfs::path boundary = *tree::link_boundary(hub.snapshot);
  auto config = tree::resolve_link(hub.snapshot / "config.json", boundary);
  REQUIRE(config.ok());
  CHECK(config->target == stdfs::canonical(hub.repo / "blobs" / "b1"));
  CHECK(config->size == 12);
  auto nested = tree::resolve_link(hub.snapshot / "sub" / "model.safetensors", boundary);
  REQUIRE(nested.ok());
  CHECK(nested->target == stdfs::canonical(hub.repo / "blobs" / "b2"));
  // An absolute link inside, and a link inside the snapshot itself.
  stdfs::create_symlink(stdfs::canonical(hub.repo / "blobs" / "b2"), hub.snapshot / "absolute");
  CHECK(tree::resolve_link(hub.snapshot / "absolute", boundary).ok());
  stdfs::create_symlink("config.json", hub.snapshot / "chained");
  auto chained = tree::resolve_link(hub.snapshot / "chained", boundary);
  REQUIRE(chained.ok());
  CHECK(chained->target == config->target);
}

TEST_CASE("resolve_link refuses links that leave the boundary, dangle, loop or end elsewhere") {
  HubCache hub;
  const stdfs::path boundary = *tree::link_boundary(hub.snapshot);
  test_support::write_bytes(hub.dir / "outside", "secret");
  stdfs::create_symlink("../../../outside", hub.snapshot / "escape");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "escape", boundary)), "leads outside"));
  stdfs::create_symlink("/etc/passwd", hub.snapshot / "passwd");
  const std::string passwd = refusal(tree::resolve_link(hub.snapshot / "passwd", boundary));
  CHECK(has(passwd, (hub.snapshot / "passwd").string()));
  CHECK(has(passwd, "leads outside"));
  // A sibling whose name starts like the boundary is outside it.
  stdfs::create_directories(hub.dir / "models--org--m2");
  test_support::write_bytes(hub.dir / "models--org--m2" / "f", "x");
  stdfs::create_symlink("../../../models--org--m2/f", hub.snapshot / "prefix");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "prefix", boundary)), "leads outside"));

  stdfs::create_symlink("../../blobs/missing", hub.snapshot / "dangling");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "dangling", boundary)), "dangles"));

  stdfs::create_symlink("b", hub.snapshot / "a");
  stdfs::create_symlink("a", hub.snapshot / "b");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "a", boundary)), "loops"));

  REQUIRE(::mkfifo((hub.repo / "blobs" / "fifo").c_str(), 0600) == 0);
  stdfs::create_symlink("../../blobs/fifo", hub.snapshot / "pipe");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "pipe", boundary)), "a FIFO"));

  stdfs::create_symlink("../../blobs", hub.snapshot / "folder");
  CHECK(has(refusal(tree::resolve_link(hub.snapshot / "folder", boundary)), "leads to a folder"));
}

TEST_CASE("resolve_link bounds the hops of a chain") {
  HubCache hub;
  const stdfs::path boundary = *tree::link_boundary(hub.snapshot);
  // hop0 -> hop1 -> ... -> hopN -> config.json: kMaxLinkHops hops in all is allowed, one more is not.
  auto chain = [&](int links) {
    const std::string prefix = "c" + std::to_string(links) + "_";
    stdfs::create_symlink("config.json", hub.snapshot / (prefix + std::to_string(links - 1)));
    for (int i = links - 2; i >= 0; --i)
      stdfs::create_symlink(prefix + std::to_string(i + 1), hub.snapshot / (prefix + std::to_string(i)));
    return hub.snapshot / (prefix + "0");
  };
  // `links` links then config.json, itself a link: links + 1 hops.
  CHECK(tree::resolve_link(chain(tree::kMaxLinkHops - 1), boundary).ok());
  CHECK(has(refusal(tree::resolve_link(chain(tree::kMaxLinkHops), boundary)), "more than"));
}

TEST_CASE("walk_model_tree follows links only with allow_symlinks, naming files by the link") {
  HubCache hub;
  auto refused = tree::walk_model_tree(hub.snapshot, tree::default_ignores());
  REQUIRE(refused.ok());  // the walk lists links; require_regular_files refuses them
  auto status = tree::require_regular_files(*refused, hub.snapshot);
  REQUIRE(!status.ok());
  CHECK(has(status.error().detail, "--allow-symlinks"));

  auto walked = tree::walk_model_tree(hub.snapshot, tree::default_ignores(), {true});
  REQUIRE(walked.ok());
  REQUIRE(walked->size() == 2);
  CHECK((*walked)[0].path == "config.json");
  CHECK((*walked)[1].path == "sub/model.safetensors");
  CHECK((*walked)[1].size == 7);
  CHECK((*walked)[1].linked.has_value());
  CHECK(tree::require_regular_files(*walked, hub.snapshot).ok());
  CHECK(tree::open_entry((*walked)[1].location, (*walked)[1].linked).ok());

  // A link that cannot be followed fails the walk, naming it.
  stdfs::create_symlink("../../../outside", hub.snapshot / "sub" / "escape");
  auto escaping = tree::walk_model_tree(hub.snapshot, tree::default_ignores(), {true});
  REQUIRE(!escaping.ok());
  CHECK(escaping.error().code == ErrorCode::kUnsupported);
  CHECK(has(escaping.error().detail, "sub/escape"));
  // ...unless it is ignored.
  auto ignores = tree::default_ignores();
  ignores.push_back("sub/escape");
  CHECK(tree::walk_model_tree(hub.snapshot, ignores, {true}).ok());
}

TEST_CASE("open_entry refuses a followed file that is no longer the one resolved") {
  HubCache hub;
  auto walked = tree::walk_model_tree(hub.snapshot, tree::default_ignores(), {true});
  REQUIRE(walked.ok());
  const tree::TreeEntry& config = (*walked)[0];
  // The blob is replaced between the walk and the read (e.g. blobs/ swapped for a link elsewhere).
  // The old file is kept aside so that the new one cannot get its inode number back.
  stdfs::rename(config.location, hub.dir / "kept");
  test_support::write_bytes(config.location, "other bytes");
  auto opened = tree::open_entry(config.location, config.linked);
  REQUIRE(!opened.ok());
  CHECK(opened.error().code == ErrorCode::kTampered);
}

TEST_CASE("open_entry refuses a followed file whose folder was swapped for a link outside") {
  HubCache hub;
  auto walked = tree::walk_model_tree(hub.snapshot, tree::default_ignores(), {true});
  REQUIRE(walked.ok());
  const tree::TreeEntry& config = (*walked)[0];
  // blobs/ becomes a link to a folder outside the repository holding a file of the same name.
  stdfs::create_directories(hub.dir / "elsewhere");
  test_support::write_bytes(hub.dir / "elsewhere" / "b1", "config bytes");
  stdfs::rename(hub.repo / "blobs", hub.dir / "old-blobs");
  stdfs::create_directory_symlink(hub.dir / "elsewhere", hub.repo / "blobs");
  auto opened = tree::open_entry(config.location, config.linked);
  REQUIRE(!opened.ok());
  CHECK(opened.error().code == ErrorCode::kTampered);
  CHECK(has(opened.error().detail, config.location.string()));
  // The final link swapped for a link: never followed.
  stdfs::remove(hub.repo / "blobs");
  stdfs::rename(hub.dir / "old-blobs", hub.repo / "blobs");
  stdfs::rename(config.location, hub.dir / "kept");
  stdfs::create_symlink(hub.dir / "kept", config.location);
  CHECK(!tree::open_entry(config.location, config.linked).ok());
}
