// Reference data: code types, lookups, licenses, time zones.

#include <charconv>

#include "reply.h"
#include "server.h"

namespace keepnet_sim {

namespace {

void writeLookup(Writer& w, const Reference& ref, const Lookup& l) {
  const CodeType* type = ref.codeType(l.typeId);
  w.StartObject();
  jkv(w, "resourceId", l.resourceId);
  jkv(w, "genericCodeTypeId", l.typeId);
  jkvn(w, "genericCodeTypeName", type ? type->name : "");
  jkv(w, "name", l.name);
  jkvn(w, "code", l.code);
  jkvn(w, "description", l.description);
  jkv(w, "orderNumber", l.orderNumber);
  jkvn(w, "isoCode", l.isoCode);
  jkvn(w, "isoFriendlyName", l.isoFriendlyName);
  w.EndObject();
}

void writeLookups(Writer& w, const Reference& ref, const std::vector<int>& typeIds) {
  w.StartArray();
  for (const auto& l : ref.lookups)
    for (int id : typeIds)
      if (l.typeId == id) writeLookup(w, ref, l);
  w.EndArray();
}

}  // namespace

void Sim::codeTypes(Call& call) {
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& t : store_.ref().codeTypes) {
      w.StartObject();
      jkv(w, "id", t.id);
      jkv(w, "name", t.name);
      jkvn(w, "description", t.description);
      w.EndObject();
    }
    w.EndArray();
  });
}

void Sim::lookupsByType(Call& call) {
  const std::string& raw = call.params[0];
  int typeId = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), typeId);
  if (ec != std::errc() || ptr != raw.data() + raw.size()) {
    replyInput(call.res, {"typeId: must be an integer"});
    return;
  }
  if (!store_.ref().codeType(typeId)) {
    replyNotFound(call.res, "Unknown code type " + raw + ".");
    return;
  }
  replyOk(call.res, [&](Writer& w) { writeLookups(w, store_.ref(), {typeId}); });
}

void Sim::lookupsPost(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::vector<int> ids;
  if (const auto* list = member(doc, "typeIdList"); list && list->IsArray()) {
    for (const auto& v : list->GetArray()) {
      if (!v.IsInt()) {
        replyInput(call.res, {"TypeIdList: must hold integers"});
        return;
      }
      ids.push_back(v.GetInt());
    }
  }
  if (auto name = getString(doc, "typeName"); name && !name->empty())
    for (const auto& t : store_.ref().codeTypes)
      if (iequals(t.name, *name)) ids.push_back(t.id);
  replyOk(call.res, [&](Writer& w) { writeLookups(w, store_.ref(), ids); });
}

void Sim::licenses(Call& call) {
  const Reference& ref = store_.ref();
  replyOk(call.res, [&](Writer& w) {
    auto module = [&](const LicenseModule& m, bool available) {
      w.StartObject();
      jkv(w, "resourceId", m.resourceId);
      jkv(w, "name", m.name);
      jkb(w, "isAvailable", available);
      w.EndObject();
    };
    w.StartObject();
    jkey(w, "licenses");
    w.StartArray();
    for (const auto& t : ref.licenseTypes) {
      w.StartObject();
      jkv(w, "resourceId", t.resourceId);
      jkv(w, "name", t.name);
      jkey(w, "licenseModules");
      w.StartArray();
      for (const auto& id : t.moduleIds) module(*ref.module(id), true);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    jkey(w, "allLicenseModules");
    w.StartArray();
    for (const auto& m : ref.modules) module(m, true);
    w.EndArray();
    w.EndObject();
  });
}

void Sim::countryTimezones(Call& call) {
  const Reference& ref = store_.ref();
  struct Row {
    const char* country;
    const char* tz;
    const char* phone;
    const char* language;
  };
  static const Row kRows[] = {
      {"TR", "Turkey Standard Time", "+90", "tr"},       {"US", "Eastern Standard Time", "+1", "en"},
      {"GB", "GMT Standard Time", "+44", "en"},          {"DE", "W. Europe Standard Time", "+49", "de"},
      {"FR", "W. Europe Standard Time", "+33", "fr"},    {"NL", "W. Europe Standard Time", "+31", "en"},
      {"ES", "W. Europe Standard Time", "+34", "es"},    {"IT", "W. Europe Standard Time", "+39", "en"},
      {"BR", "E. South America Standard Time", "+55", "pt-BR"}, {"PT", "GMT Standard Time", "+351", "pt-PT"},
      {"JP", "Tokyo Standard Time", "+81", "en"},        {"IN", "India Standard Time", "+91", "en"},
      {"AE", "Arabian Standard Time", "+971", "en"},     {"SA", "Arabian Standard Time", "+966", "en"},
      {"CA", "Eastern Standard Time", "+1", "en"},
  };
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& r : kRows) {
      const Lookup* lang = nullptr;
      for (const auto& l : ref.lookups)
        if (l.typeId == code_type::kLanguage && l.code == r.language) lang = &l;
      w.StartObject();
      jkv(w, "countryCode", r.country);
      jkv(w, "dateFormat", "dd/MM/yyyy");
      jkv(w, "timeFormat", "HH:mm");
      jkv(w, "clockFormat", "24");
      jkv(w, "phoneNumberCode", r.phone);
      jkv(w, "languageCode", r.language);
      jkvn(w, "languageName", lang ? lang->name : "");
      jkv(w, "timezone", r.tz);
      jkvn(w, "languageResourceId", lang ? lang->resourceId : "");
      w.EndObject();
    }
    w.EndArray();
  });
}

void Sim::timezones(Call& call) {
  const Reference& ref = store_.ref();
  replyOk(call.res, [&](Writer& w) {
    w.StartObject();
    jkey(w, "timeZoneList");
    w.StartArray();
    for (const auto& t : ref.timeZones) {
      w.StartObject();
      jkv(w, "displayName", t.displayName);
      jkv(w, "id", t.id);
      w.EndObject();
    }
    w.EndArray();
    jkStrings(w, "dateFormatList", ref.dateFormats);
    jkStrings(w, "timeFormatList", ref.timeFormats);
    w.EndObject();
  });
}

}  // namespace keepnet_sim
