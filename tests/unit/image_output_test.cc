// The file a disc image is written to: every byte in order whatever the buffers' fill, the last
// blocks not a whole direct-I/O block included; nothing at the path until it is published.
#include "archive/image_output.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "util/temp_dir.h"

namespace fullrecord::archive {
namespace {

using testing::ReadFile;
using testing::TempDir;

// Writes `sizes` buffers of a counting pattern; returns the bytes expected in the file.
std::string WriteBuffers(ImageOutput& out, const std::vector<size_t>& sizes) {
  std::string want;
  uint8_t next = 0;
  for (size_t n : sizes) {
    auto buf = out.Next();
    EXPECT_TRUE(buf.ok()) << buf.status().ToString();
    for (size_t i = 0; i < n; ++i) (*buf)[i] = next++ * 7 + 1;
    want.append(reinterpret_cast<const char*>(*buf), n);
    out.Submit(*buf, n);
  }
  return want;
}

TEST(ImageOutputTest, WritesEveryBufferInOrderWithAnUnalignedLastBlock) {
  TempDir dir;
  std::string path = dir / "disc.iso";
  ImageOutput out(path);
  ASSERT_TRUE(out.Open().ok());
  // More buffers than the output holds, so the writing thread must hand them back in turn.
  std::vector<size_t> sizes(9, ImageOutput::kBuffer);
  sizes.push_back(3 * 4096 + 2048);  // an image ends on a 2 KiB sector, not a 4 KiB block
  std::string want = WriteBuffers(out, sizes);
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing at the path before Publish";
  ASSERT_TRUE(out.Publish().ok());
  EXPECT_EQ(ReadFile(path), want);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(ImageOutputTest, UnpublishedOutputLeavesNothingBehind) {
  TempDir dir;
  std::string path = dir / "disc.iso";
  {
    ImageOutput out(path);
    ASSERT_TRUE(out.Open().ok());
    WriteBuffers(out, {ImageOutput::kBuffer, 4096});
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(ImageOutputTest, PublishRefusesAPathThatAppearedMeanwhileAndKeepsIt) {
  TempDir dir;
  std::string path = dir / "disc.iso";
  ImageOutput out(path);
  ASSERT_TRUE(out.Open().ok());
  WriteBuffers(out, {8192});
  testing::WriteFile(path, "someone else's file");
  Status s = out.Publish();
  EXPECT_EQ(s.code(), Status::Code::kAlreadyExists) << s.ToString();
  EXPECT_EQ(ReadFile(path), "someone else's file");
}

TEST(ImageOutputTest, SecondOutputToTheSameTemporaryFileIsRefused) {
  TempDir dir;
  std::string path = dir / "disc.iso";
  ImageOutput first(path), second(path);
  ASSERT_TRUE(first.Open().ok());
  Status s = second.Open();
  EXPECT_EQ(s.code(), Status::Code::kIOError) << s.ToString();
}

}  // namespace
}  // namespace fullrecord::archive
