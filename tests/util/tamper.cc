#include "util/tamper.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace fullrecord::testing {

void FlipByte(const std::string& path, uint64_t offset, uint8_t mask) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("no file " + path);
  ::chmod(path.c_str(), st.st_mode | S_IWUSR);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ static_cast<char>(mask));
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&c, 1);
  f.close();
  ::chmod(path.c_str(), st.st_mode);
}

void Truncate(const std::string& path, uint64_t size) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("no file " + path);
  ::chmod(path.c_str(), st.st_mode | S_IWUSR);
  if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) {
    throw std::runtime_error("truncate failed " + path);
  }
  ::chmod(path.c_str(), st.st_mode);
}

}  // namespace fullrecord::testing
