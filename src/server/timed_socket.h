// A connected TCP socket whose blocking reads and writes give up at a deadline. Beast's
// synchronous HTTP functions read and write through it, so a slow or silent client costs one
// connection slot until its deadline and nothing more.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <cstddef>

namespace fullrecord::server {

class TimedSocket {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TimedSocket(int fd) : fd_(fd) {}
  ~TimedSocket();
  TimedSocket(const TimedSocket&) = delete;
  TimedSocket& operator=(const TimedSocket&) = delete;

  // Reads and writes after `deadline` fail with timed_out.
  void SetDeadline(Clock::time_point deadline) { deadline_ = deadline; }
  int fd() const { return fd_; }

  // SyncReadStream: reads into the first non-empty buffer; eof when the peer closed.
  template <class MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer b(*it);
      if (b.size() > 0) return Receive(b.data(), b.size(), ec);
    }
    ec = {};
    return 0;
  }
  template <class MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  // SyncWriteStream: writes from the first non-empty buffer.
  template <class ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::const_buffer b(*it);
      if (b.size() > 0) return Send(b.data(), b.size(), ec);
    }
    ec = {};
    return 0;
  }
  template <class ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers) {
    boost::system::error_code ec;
    size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  size_t Receive(void* data, size_t len, boost::system::error_code& ec);
  size_t Send(const void* data, size_t len, boost::system::error_code& ec);
  // Waits until the socket is ready for `events` or the deadline passes.
  bool WaitReady(short events, boost::system::error_code& ec);

  int fd_;
  Clock::time_point deadline_ = Clock::time_point::max();
};

}  // namespace fullrecord::server
