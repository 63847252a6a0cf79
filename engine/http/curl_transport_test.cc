#include "engine/http/curl_transport.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

namespace onboard {

namespace {

// A small HTTP/1.1 server on 127.0.0.1 and a kernel-chosen port (keep-alive, one thread per
// connection), answering a few fixed paths, and noting each connection's client port.
class TestServer {
 public:
  TestServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(listen_fd_, 64) == 0);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~TestServer() {
    shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    close(listen_fd_);
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int fd : conns_) shutdown(fd, SHUT_RDWR);
      threads = std::move(threads_);
    }
    for (auto& t : threads) t.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::set<int> client_ports() {
    std::lock_guard<std::mutex> lock(mu_);
    return ports_;
  }

 private:
  void Accept() {
    for (;;) {
      sockaddr_in peer{};
      socklen_t len = sizeof peer;
      int fd = accept(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len);
      if (fd < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      ports_.insert(ntohs(peer.sin_port));
      conns_.push_back(fd);
      threads_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  static std::string Header(const std::string& head, std::string name) {
    std::string lower = head;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) return "";
    size_t b = head.find_first_not_of(' ', at + name.size() + 3);
    return head.substr(b, head.find("\r\n", b) - b);
  }

  void Serve(int fd) {
    std::string buf;
    char chunk[8192];
    for (;;) {
      size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) return close(fd), void();
        buf.append(chunk, static_cast<size_t>(n));
      }
      const std::string head = buf.substr(0, end);
      const size_t length = std::strtoul(Header(head, "Content-Length").c_str(), nullptr, 10);
      while (buf.size() < end + 4 + length) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) return close(fd), void();
        buf.append(chunk, static_cast<size_t>(n));
      }
      const std::string body = buf.substr(end + 4, length);
      buf.erase(0, end + 4 + length);
      const std::string line = head.substr(0, head.find("\r\n"));
      int status = 200;
      std::string extra, content;
      if (line.rfind("GET /echo ", 0) == 0) {
        extra = "Retry-After: 3\r\nContent-Type: application/json\r\n";
        content = "{\"auth\":\"" + Header(head, "Authorization") + "\",\"company\":\"" +
                  Header(head, "X-KEEPNET-Company-Id") + "\",\"accept\":\"" + Header(head, "Accept") + "\"}";
      } else if (line.rfind("POST /form ", 0) == 0) {
        content = Header(head, "Content-Type").substr(0, 19) + "\n" + body;
      } else if (line.rfind("PUT /json ", 0) == 0) {
        status = 429;
        content = Header(head, "Content-Type") + "|" + body;
      } else {
        status = 404;
      }
      const std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n" + extra +
                              "Content-Length: " + std::to_string(content.size()) + "\r\n\r\n" + content;
      if (write(fd, out.data(), out.size()) != static_cast<ssize_t>(out.size())) return close(fd), void();
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mu_;
  std::set<int> ports_;
  std::vector<int> conns_;
  std::vector<std::thread> threads_;
};

// A raw TCP server that reads each request's headers and then, by mode: closes the
// connection without answering; keeps it open without answering until destroyed; or
// answers the first request on each connection (keep-alive) and drops the next one.
class SilentServer {
 public:
  enum class Mode { Close, Hold, AnswerFirstThenClose };
  explicit SilentServer(Mode mode) : mode_(mode) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(listen_fd_, 16) == 0);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SilentServer() {
    shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    close(listen_fd_);
    for (int fd : open_) close(fd);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }
  int connections() const { return connections_; }

 private:
  // Reads one request's headers (and a small body that came with them). False on EOF.
  bool ReadRequest(int fd) {
    std::string got;
    char buf[4096];
    while (got.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      got.append(buf, static_cast<size_t>(n));
    }
    ++requests_;
    return true;
  }

  void Serve() {
    for (;;) {
      int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      ++connections_;
      if (mode_ == Mode::AnswerFirstThenClose) {
        // One connection at a time: answer, keep it open, wait for the next request, drop.
        if (ReadRequest(fd)) {
          const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
          if (write(fd, ok.data(), ok.size()) == static_cast<ssize_t>(ok.size())) ReadRequest(fd);
        }
        close(fd);
        continue;
      }
      ReadRequest(fd);
      if (mode_ == Mode::Hold) open_.push_back(fd);
      else close(fd);
    }
  }
  Mode mode_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::vector<int> open_;
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
};

// A port nothing listens on: bound by us, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

HttpResponse SendOne(CurlTransport& transport, HttpRequest request) {
  HttpResponse out;
  bool done = false;
  transport.Send(std::move(request), [&](HttpResponse r) {
    out = std::move(r);
    done = true;
  });
  transport.Run();
  CHECK(done);
  return out;
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("curl transport: headers out, status, body and lower-cased headers back") {
  TestServer server;
  CurlTransport transport({server.url() + "/", 4});
  HttpRequest r;
  r.method = "GET";
  r.path = "/echo";
  r.bearer_token = "tok";
  r.company_id = "c1";
  HttpResponse res = SendOne(transport, r);
  CHECK(res.status == 200);
  CHECK(res.transport_error.empty());
  CHECK(res.body == R"({"auth":"Bearer tok","company":"c1","accept":"application/json"})");
  CHECK(res.headers["retry-after"] == "3");
  CHECK(res.headers["content-type"] == "application/json");
  CHECK(transport.in_flight() == 0);
}

TEST_CASE("curl transport: multipart fields repeat, JSON bodies carry their content type, PUT") {
  TestServer server;
  CurlTransport transport({server.url(), 4});
  HttpRequest form;
  form.method = "POST";
  form.path = "/form";
  form.form = {{"Name", "Acme"}, {"Tags", "a"}, {"Tags", "b"}};
  HttpResponse res = SendOne(transport, form);
  CHECK(res.status == 200);
  CHECK(res.body.rfind("multipart/form-data\n", 0) == 0);
  CHECK(res.body.find("name=\"Name\"\r\n\r\nAcme\r\n") != std::string::npos);
  CHECK(res.body.find("name=\"Tags\"\r\n\r\na\r\n") != std::string::npos);
  CHECK(res.body.find("name=\"Tags\"\r\n\r\nb\r\n") != std::string::npos);

  HttpRequest put;
  put.method = "PUT";
  put.path = "/json";
  put.content_type = "application/json";
  put.body = R"({"x":1})";
  res = SendOne(transport, put);
  CHECK(res.status == 429);  // an HTTP status is not a transport error
  CHECK(res.transport_error.empty());
  CHECK(res.body == R"(application/json|{"x":1})");
}

TEST_CASE("curl transport: connections are kept alive and capped at parallelism") {
  TestServer server;
  CurlTransport transport({server.url(), 2});
  HttpRequest r;
  r.method = "GET";
  r.path = "/echo";
  for (int i = 0; i < 4; ++i) CHECK(SendOne(transport, r).status == 200);
  CHECK(server.client_ports().size() == 1);
  int ok = 0;
  for (int i = 0; i < 8; ++i) transport.Send(r, [&](HttpResponse res) { ok += res.status == 200; });
  CHECK(transport.in_flight() == 8);
  transport.Run();
  CHECK(ok == 8);
  CHECK(server.client_ports().size() <= 2);
}

TEST_CASE("curl transport: timers run in order on the loop, and Run returns when idle") {
  CurlTransport transport({"http://127.0.0.1:1", 1});
  std::vector<int> order;
  transport.After(std::chrono::milliseconds(20), [&] { order.push_back(2); });
  transport.After(std::chrono::milliseconds(0), [&] {
    order.push_back(1);
    transport.After(std::chrono::milliseconds(0), [&] { order.push_back(3); });
  });
  transport.Run();
  CHECK(order == std::vector<int>{1, 3, 2});  // the nested 0 ms timer is due before the 20 ms one
  CHECK_FALSE(transport.RunOnce());
}

TEST_CASE("curl transport: refused connection is not delivered") {
  CurlTransport transport({"http://127.0.0.1:" + std::to_string(ClosedPort()), 1});
  HttpRequest r;
  r.method = "POST";
  r.path = "/x";
  r.body = "{}";
  HttpResponse res = SendOne(transport, r);
  CHECK(res.status == 0);
  CHECK_FALSE(res.transport_error.empty());
  CHECK_FALSE(res.maybe_delivered);
}

TEST_CASE("curl transport: a connection closed without an answer may have delivered the request") {
  SilentServer server(SilentServer::Mode::Close);
  CurlTransport transport({server.url(), 1});
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/companies";
  r.form = {{"Name", "Acme"}};
  HttpResponse res = SendOne(transport, r);
  CHECK(res.status == 0);
  CHECK(res.maybe_delivered);
  // curl says "Empty reply from server", or, when the close races the end of the body, that
  // the connection was reset while sending or receiving: either way no answer came.
  INFO(res.transport_error);
  CHECK_FALSE(res.transport_error.empty());
}

TEST_CASE("curl transport: a timeout after sending may have delivered the request") {
  SilentServer server(SilentServer::Mode::Hold);
  CurlTransportOptions o{server.url(), 1};
  o.request_timeout = std::chrono::milliseconds(300);
  CurlTransport transport(o);
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/companies";
  r.body = "{}";
  HttpResponse res = SendOne(transport, r);
  CHECK(res.status == 0);
  CHECK(res.maybe_delivered);
  CHECK(res.transport_error.find("imed out") != std::string::npos);
}

TEST_CASE("curl transport: a create never rides a reused connection that libcurl would silently retry") {
  SilentServer server(SilentServer::Mode::AnswerFirstThenClose);
  CurlTransport transport({server.url(), 1});
  HttpRequest get;
  get.method = "GET";
  get.path = "/warm";
  CHECK(SendOne(transport, get).status == 200);  // leaves a kept-alive connection
  HttpRequest create;
  create.method = "POST";
  create.path = "/api/companies";
  create.body = "{}";
  create.content_type = "application/json";
  create.write = true;
  CHECK(SendOne(transport, create).status == 200);
  // On the reused connection the server would have dropped it and libcurl re-sent it: 3.
  CHECK(server.requests() == 2);
  CHECK(server.connections() == 2);
}

}  // TEST_SUITE

}  // namespace onboard
