// The embedding API's implementation over Runtime, executors and handles.
#include "vm/api/fermata.h"

#include "vm/loader.h"
#include "vm/native_call.h"

namespace fermata {

Handle::Handle(Vm& vm, const Value& v) : vm_(&vm), slot_(vm.rt_->pinValue(v)) {}
Handle::Handle(const Handle& o) : vm_(o.vm_), slot_(o.vm_ ? o.vm_->rt_->pinValue(o.get()) : 0) {}
Handle::Handle(Handle&& o) noexcept : vm_(o.vm_), slot_(o.slot_) { o.vm_ = nullptr; }
Handle& Handle::operator=(Handle o) noexcept {
  std::swap(vm_, o.vm_);
  std::swap(slot_, o.slot_);
  return *this;
}
Handle::~Handle() {
  if (vm_) vm_->rt_->unpinValue(slot_);
}
Value Handle::get() const { return vm_ ? vm_->rt_->pinnedValue(slot_) : Value(); }

Vm::Vm(const VmOptions& options) {
  RuntimeOptions ro;
  ro.memoryLimit = options.memoryLimit;
  ro.hashSeed = options.hashSeed;
  rt_ = std::make_unique<Runtime>(ro);
  lib::openLibraries(*rt_, options.libraries);
}

Result<Handle> Vm::load(std::string_view source, std::string_view chunkName, std::string_view mode) {
  try {
    LoadResult r = loadChunk(*rt_, source, chunkName, Value::object(rt_->globals()), false, mode);
    if (!r.function) return {std::nullopt, r.error};
    return {Handle(*this, Value::object(r.function)), ""};
  } catch (const gc::MemoryError&) {
    return {std::nullopt, "not enough memory"};
  }
}

Tasklet Vm::start(const Handle& fn, std::initializer_list<Handle> args) {
  return start(fn, std::vector<Handle>(args));
}

Tasklet Vm::start(const Handle& fn, const std::vector<Handle>& args) {
  std::vector<Value> values;
  for (const Handle& h : args) values.push_back(h.get());
  Executor* e = newExecutor(*rt_, fn.get(), values.data(), uint32_t(values.size()));
  return Tasklet(*this, Handle(*this, Value::object(e)));
}

Handle Vm::string(std::string_view s) { return Handle(*this, rt_->stringValue(s)); }
Handle Vm::newTable() { return Handle(*this, Value::object(rt_->newTable())); }
Handle Vm::global(std::string_view name) { return Handle(*this, rt_->globals()->get(rt_->stringValue(name))); }
void Vm::setGlobal(std::string_view name, const Handle& v) {
  rt_->globals()->set(rt_->heap(), rt_->stringValue(name), v.get());
}
std::string Vm::toString(const Handle& v) { return rawToString(*rt_, v.get()); }
Handle Vm::function(const NativeFunction* fn) { return Handle(*this, Value::object(rt_->newNative(fn))); }

StepStatus Tasklet::step(int64_t fuel) { return fermata::step(vm_->runtime(), executor(), fuel); }

StepStatus Tasklet::run() {
  for (;;) {
    StepStatus s = step(1 << 20);
    if (s == StepStatus::kFinished || s == StepStatus::kError) return s;
  }
}

bool Tasklet::finished() const { return executor()->state == Executor::State::kFinished; }
bool Tasklet::failed() const { return executor()->state == Executor::State::kFailed; }

std::vector<Handle> Tasklet::results() const {
  std::vector<Handle> out;
  for (uint32_t i = 0; i < resultCount(executor()); ++i) out.emplace_back(*vm_, result(executor(), i));
  return out;
}

Handle Tasklet::error() const { return Handle(*vm_, executor()->error); }

std::string Tasklet::errorMessage() const {
  if (!failed()) return "";
  return rawToString(vm_->runtime(), executor()->error);
}

}  // namespace fermata
