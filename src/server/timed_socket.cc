#include "server/timed_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace fullrecord::server {

TimedSocket::~TimedSocket() { ::close(fd_); }

bool TimedSocket::WaitReady(short events, boost::system::error_code& ec) {
  for (;;) {
    auto now = Clock::now();
    if (now >= deadline_) {
      ec = boost::asio::error::timed_out;
      return false;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now).count();
    pollfd p{fd_, events, 0};
    int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left + 1, 60'000)));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return false;
    }
  }
}

size_t TimedSocket::Receive(void* data, size_t len, boost::system::error_code& ec) {
  for (;;) {
    if (!WaitReady(POLLIN, ec)) return 0;
    ssize_t n = ::recv(fd_, data, len, MSG_DONTWAIT);
    if (n > 0) {
      ec = {};
      return static_cast<size_t>(n);
    }
    if (n == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return 0;
    }
  }
}

size_t TimedSocket::Send(const void* data, size_t len, boost::system::error_code& ec) {
  for (;;) {
    if (!WaitReady(POLLOUT, ec)) return 0;
    ssize_t n = ::send(fd_, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) {
      ec = {};
      return static_cast<size_t>(n);
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return 0;
    }
  }
}

}  // namespace fullrecord::server
