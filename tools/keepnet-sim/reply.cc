#include "reply.h"

namespace keepnet_sim {

void reply(httplib::Response& res, int httpStatus, std::string_view status, std::string_view message,
           const std::vector<std::string>& validationMessages, const DataFn& data) {
  res.status = httpStatus;
  res.set_content(envelope(status, message, validationMessages, data), "application/json; charset=utf-8");
}

void replyOk(httplib::Response& res, const DataFn& data) { reply(res, 200, "SUCCESS", "", {}, data); }

void replyId(httplib::Response& res, const std::string& resourceId) {
  replyOk(res, [&](Writer& w) {
    w.StartObject();
    jkv(w, "resourceId", resourceId);
    w.EndObject();
  });
}

void replyInput(httplib::Response& res, const std::vector<std::string>& validationMessages, std::string_view message) {
  reply(res, 400, "INPUT_ERROR", message, validationMessages);
}

void replyForbidden(httplib::Response& res, std::string_view message) { reply(res, 403, "FORBIDDEN", message); }

void replyNotFound(httplib::Response& res, std::string_view message) { reply(res, 404, "NOT_FOUND", message); }

}  // namespace keepnet_sim
