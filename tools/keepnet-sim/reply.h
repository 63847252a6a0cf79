#pragma once
// Writing envelope responses.

#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "json.h"

namespace keepnet_sim {

/// Sets the status and an application/json envelope body.
void reply(httplib::Response& res, int httpStatus, std::string_view status, std::string_view message,
           const std::vector<std::string>& validationMessages = {}, const DataFn& data = {});
/// 200 SUCCESS with data.
void replyOk(httplib::Response& res, const DataFn& data);
/// 200 SUCCESS with data {resourceId}.
void replyId(httplib::Response& res, const std::string& resourceId);
/// 400 INPUT_ERROR naming each bad field.
void replyInput(httplib::Response& res, const std::vector<std::string>& validationMessages,
                std::string_view message = "One or more validation errors occurred.");
/// 403 FORBIDDEN.
void replyForbidden(httplib::Response& res, std::string_view message);
/// 404 NOT_FOUND.
void replyNotFound(httplib::Response& res, std::string_view message);

}  // namespace keepnet_sim
