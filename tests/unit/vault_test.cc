// The vault: write-once storage of originals (R9.5, R17.2).
#include "vault/vault.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <cstring>
#include <random>

#include "app/store.h"
#include "crypto/digest.h"
#include "util/tamper.h"
#include "util/temp_dir.h"
#include "vault/local/fault_points.h"

namespace fullrecord {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = app::Store::Init(dir_ / "store", "test");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    vault::local::SetFaultHook({});
    vault::local::LocalBlobStore::ResetStoppedForTesting();
  }

  std::string BlobPath(const std::string& sha) {
    return dir_ / ("store/blobs/" + sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" + sha);
  }
  size_t TempFiles() {
    size_t n = 0;
    for (auto& e : fs::directory_iterator(dir_ / "store/blobs/.tmp")) n += e.is_regular_file();
    return n;
  }
  Result<vault::IngestResult> IngestString(const std::string& content) {
    std::string path = dir_ / "input";
    testing::WriteFile(path, content);
    return store_->vault().IngestFile(path, "test");
  }

  TempDir dir_;
  std::unique_ptr<app::Store> store_;
};

TEST_F(VaultTest, IngestComputesBothDigestsOfTheBytes) {
  std::string content = RandomBytes(3'000'000, 1);
  auto r = IngestString(content);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->is_new);
  EXPECT_EQ(r->blob.sha256, crypto::DigestHex(crypto::Sha256(content)));
  EXPECT_EQ(r->blob.sm3, crypto::DigestHex(crypto::Sm3(content)));
  EXPECT_EQ(r->blob.size, content.size());
  EXPECT_EQ(testing::ReadFile(BlobPath(r->blob.sha256)), content);
}

TEST_F(VaultTest, EmptyFileIsStoredUnderTheEmptyDigest) {
  auto r = IngestString("");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->blob.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(r->blob.sm3, "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

TEST_F(VaultTest, ReaderSeeksForwardAndBackWithoutReadingBetween) {
  std::string content = RandomBytes(1'000'000, 2);
  auto r = IngestString(content);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto reader = store_->vault().Open(r->blob.sha256);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::string got(100, '\0');
  auto* buf = reinterpret_cast<uint8_t*>(got.data());
  for (uint64_t at : {900'000u, 12u, 999'900u}) {
    ASSERT_TRUE((*reader)->Seek(at).ok());
    auto n = (*reader)->Read(buf, got.size());
    ASSERT_TRUE(n.ok());
    ASSERT_EQ(*n, 100u);
    EXPECT_EQ(got, content.substr(at, 100)) << "at " << at;
  }
  ASSERT_TRUE((*reader)->Seek(content.size()).ok());
  EXPECT_EQ(*(*reader)->Read(buf, got.size()), 0u);
  Status past = (*reader)->Seek(content.size() + 1);
  EXPECT_EQ(past.code(), Status::Code::kInvalidArgument) << past.ToString();
  EXPECT_NE(past.message().find("past the end"), std::string::npos) << past.message();
}

TEST_F(VaultTest, StoredBlobIsReadOnly) {
  auto r = IngestString("original footage");
  ASSERT_TRUE(r.ok());
  struct stat st;
  ASSERT_EQ(::stat(BlobPath(r->blob.sha256).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
}

TEST_F(VaultTest, SameBytesTwiceStoreNothingNewAndSaySo) {
  auto first = IngestString("same bytes");
  auto second = IngestString("same bytes");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->is_new);
  EXPECT_FALSE(second->is_new);
  EXPECT_EQ(first->blob.ledger_seq, second->blob.ledger_seq);
  EXPECT_EQ(*store_->vault().Count(), 1u);
  EXPECT_EQ(TempFiles(), 0u);
}

TEST_F(VaultTest, EveryIngestIsALedgerEventWithDigestsSizeAndActor) {
  auto r = IngestString("evidence");
  ASSERT_TRUE(r.ok());
  auto entry = store_->ledger().GetEntry(r->blob.ledger_seq);
  ASSERT_TRUE(entry.ok());
  Json j = Json::parse(entry->data);
  EXPECT_EQ(j["type"], "blob.ingested");
  EXPECT_EQ(j["actor"], "test");
  EXPECT_EQ(j["detail"]["sha256"], r->blob.sha256);
  EXPECT_EQ(j["detail"]["sm3"], r->blob.sm3);
  EXPECT_EQ(j["detail"]["size"], 8);
  EXPECT_TRUE(j.contains("time"));
}

TEST_F(VaultTest, VerifyNamesAFlippedBlob) {
  auto r = IngestString(RandomBytes(100'000, 2));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(store_->vault().Verify(r->blob.sha256).ok());

  testing::FlipByte(BlobPath(r->blob.sha256), 54'321);
  Status s = store_->vault().Verify(r->blob.sha256);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find(r->blob.sha256), std::string::npos);
  auto problems = store_->vault().VerifyAll();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].sha256, r->blob.sha256);
}

TEST_F(VaultTest, VerifyNamesATruncatedOrMissingBlob) {
  auto a = IngestString("first original");
  auto b = IngestString("second original");
  ASSERT_TRUE(a.ok() && b.ok());
  testing::Truncate(BlobPath(a->blob.sha256), 3);
  fs::remove(BlobPath(b->blob.sha256));
  EXPECT_TRUE(store_->vault().Verify(a->blob.sha256).IsCorruption());
  Status missing = store_->vault().Verify(b->blob.sha256);
  EXPECT_TRUE(missing.IsCorruption());
  EXPECT_NE(missing.message().find("missing"), std::string::npos);
}

TEST_F(VaultTest, DatabaseRefusesToUpdateOrDeleteBlobRows) {
  auto r = IngestString("write once");
  ASSERT_TRUE(r.ok());
  Status upd = store_->db().Exec("UPDATE blob SET size = 1 WHERE sha256 = ?", {r->blob.sha256});
  Status del = store_->db().Exec("DELETE FROM blob WHERE sha256 = ?", {r->blob.sha256});
  EXPECT_FALSE(upd.ok());
  EXPECT_FALSE(del.ok());
  EXPECT_NE(upd.message().find("write-once"), std::string::npos);
  EXPECT_EQ(store_->vault().Get(r->blob.sha256)->size, 10u);
}

TEST_F(VaultTest, FullDiskGivesNoSpaceAndLeavesNoPartialBlob) {
  int writes = 0;
  vault::local::SetFaultHook([&writes](std::string_view p) {
    return p == "blob.write" && ++writes == 2 ? ENOSPC : 0;
  });
  auto r = IngestString(RandomBytes(5'000'000, 3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNoSpace);
  EXPECT_NE(r.status().message().find("disk is full"), std::string::npos);
  EXPECT_EQ(TempFiles(), 0u);
  EXPECT_EQ(*store_->vault().Count(), 0u);

  // Space again: writes work.
  vault::local::SetFaultHook({});
  EXPECT_TRUE(IngestString("after the disk was freed").ok());
}

TEST_F(VaultTest, FailedFsyncStopsAllLaterWrites) {
  vault::local::SetFaultHook([](std::string_view p) { return p == "blob.fsync" ? EIO : 0; });
  auto r = IngestString("cannot be made durable");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIOError);
  EXPECT_EQ(*store_->vault().Count(), 0u);

  // No retry may report success once durability is in doubt (process-wide).
  vault::local::SetFaultHook({});
  auto again = IngestString("a later file");
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("stopped"), std::string::npos);
}

TEST(DigestPipeline, ShortReadsAndChunkBoundariesGiveTheSameDigests) {
  std::string content = RandomBytes(1'000'003, 4);
  for (size_t chunk : {1u << 10, 1u << 16, 1u << 20, 3u << 20}) {
    size_t pos = 0;
    std::mt19937 rng(7);
    auto read = [&](uint8_t* buf, size_t cap) -> Result<size_t> {
      size_t n = std::min({cap, content.size() - pos, static_cast<size_t>(rng() % 5000 + 1)});
      std::memcpy(buf, content.data() + pos, n);
      pos += n;
      return n;
    };
    std::string sunk;
    auto sink = [&sunk](const uint8_t* d, size_t n) {
      sunk.append(reinterpret_cast<const char*>(d), n);
      return Status::Ok();
    };
    auto r = vault::DigestStream(read, sink, {}, vault::PipelineOptions{chunk, 3});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->sha256, crypto::Sha256(content));
    EXPECT_EQ(r->sm3, crypto::Sm3(content));
    EXPECT_EQ(r->size, content.size());
    EXPECT_EQ(sunk, content);
  }
}

TEST(DigestPipeline, ReadErrorStopsTheStream) {
  int calls = 0;
  auto read = [&calls](uint8_t*, size_t cap) -> Result<size_t> {
    if (++calls > 3) return Status::IOError("device removed");
    return cap;
  };
  auto r = vault::DigestStream(read, [](const uint8_t*, size_t) { return Status::Ok(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "device removed");
}

}  // namespace
}  // namespace fullrecord
