#include "archive/blob_file.h"

namespace fullrecord::archive {

Result<std::unique_ptr<BlobFile>> BlobFile::Open(vault::Vault& vault, const std::string& sha256) {
  std::unique_ptr<BlobFile> f(new BlobFile(sha256));
  FR_ASSIGN_OR_RETURN(f->reader_, vault.Open(sha256));
  f->size_ = f->reader_->size();
  return f;
}

Status BlobFile::Seek(uint64_t offset) {
  if (offset > size_) {
    return Status::InvalidArgument("seek to " + std::to_string(offset) + " past the end of blob " +
                                   sha256_ + " (" + std::to_string(size_) + " bytes)");
  }
  FR_RETURN_IF_ERROR(reader_->Seek(offset));
  pos_ = offset;
  return Status::Ok();
}

Result<size_t> BlobFile::Read(uint8_t* buf, size_t cap) {
  FR_ASSIGN_OR_RETURN(size_t n, reader_->Read(buf, cap));
  pos_ += n;
  return n;
}

Result<std::string> BlobFile::ReadRest(uint64_t limit) {
  if (size_ - pos_ > limit) {
    return Status::FailedPrecondition("blob " + sha256_ + " is larger than " +
                                      std::to_string(limit) + " bytes");
  }
  std::string out(static_cast<size_t>(size_ - pos_), '\0');
  size_t done = 0;
  while (done < out.size()) {
    FR_ASSIGN_OR_RETURN(size_t n, Read(reinterpret_cast<uint8_t*>(out.data()) + done,
                                       out.size() - done));
    if (n == 0) break;
    done += n;
  }
  out.resize(done);
  return out;
}

}  // namespace fullrecord::archive
