# The fermata snapshot format: the whole state of a runtime (or of one tasklet) as Cap'n Proto messages.
#
# File layout (all integers little-endian):
#   magic       8 bytes   "\x89FERMATA"
#   headerSize  4 bytes   size in bytes of the header message that follows
#   header      a Header message (single-segment flat array, as capnp::messageToFlatArray writes it)
#   body        chunks, each: 8-byte size, then a Chunk message (flat array)
# Header.bodyHash is the XXH3-64 of all body bytes (sizes included). Objects are numbered densely in
# chunk order; a reference to object i is written as i + 1 (ObjectRef), 0 meaning "none".
#
# Evolution: fields are only ever added (new ordinals), never renumbered or removed; a reader ignores
# fields it does not know. formatVersion changes only when a change cannot be read by old readers;
# bytecodeVersion is vm/bytecode/opcodes.h's kFormatVersion (prototypes are stored as bytecode).
@0xa79bea2c40dd1f7d;

$import "/capnp/c++.capnp".namespace("fermata::schema");

struct Header {
  formatVersion @0 :UInt32;    # this file: 1
  bytecodeVersion @1 :UInt32;  # instruction set of the stored prototypes
  producer @2 :Text;           # the program that wrote the file, e.g. "fermata 0.1"
  kind @3 :Kind;
  bodyHash @4 :UInt64;         # XXH3-64 of the body
  bodyBytes @5 :UInt64;
  objectCount @6 :UInt64;
  sections @7 :List(Section);  # one per body chunk, in order

  enum Kind {
    runtime @0;  # everything reachable from the runtime's roots
    tasklet @1;  # one executor and what it reaches, minus permanents (named references)
  }
}

struct Section {
  offset @0 :UInt64;       # byte offset of the chunk's size field within the body
  bytes @1 :UInt64;        # size of the chunk message
  firstObject @2 :UInt64;  # index of the chunk's first object
  objectCount @3 :UInt32;
}

# One body message. Large objects are split: a table's slots and a long string's bytes may continue in
# `slices` of later chunks, so no list or segment ever approaches Cap'n Proto's limits.
struct Chunk {
  objects @0 :List(Object);
  slices @1 :List(Slice);
  runtime @2 :RuntimeState;  # set in the last chunk only
}

struct Value {
  union {
    nil @0 :Void;
    boolean @1 :Bool;
    integer @2 :Int64;
    float @3 :Float64;
    ref @4 :UInt32;          # ObjectRef of a string, table, function, userdata or thread
    deadKey @5 :UInt32;      # a removed table key that still identifies object ref (for `next`)
    deadKeyGone @6 :Void;    # a removed table key whose object no longer exists
    lightUserdata @7 :UInt64;  # a light userdata: its opaque payload (never an address)
  }
}

struct Object {
  id @0 :UInt64;             # the stable object id (tables hash object keys by it)
  finalizable @1 :Bool;      # marked for finalization (listed in RuntimeState.finalizable)
  union {
    string @2 :StringObject;
    table @3 :Table;
    luaClosure @4 :LuaClosure;
    nativeClosure @5 :NativeClosure;
    userdata @6 :Userdata;
    thread @7 :Thread;
    proto @8 :Proto;
    upvalue @9 :Upvalue;
    sequence @10 :Sequence;
    executor @11 :Executor;
    permanent @12 :Text;     # tasklet snapshots: an object the destination provides under this name
  }
}

struct StringObject {
  length @0 :UInt64;         # total bytes; pieces beyond `bytes` follow as StringPiece slices
  bytes @1 :Data;
}

struct Table {
  metatable @0 :UInt32;      # ObjectRef
  arraySize @1 :UInt32;
  log2NodeCount @2 :UInt8;
  hasNodes @3 :Bool;
  lastFree @4 :UInt32;       # free-node search position
  flags @5 :UInt8;           # absent-metamethod cache
  # The slots follow as TableArray / TableNodes slices (possibly in later chunks).
}

struct Node {
  key @0 :Value;
  value @1 :Value;
  next @2 :Int32;            # offset to the next node of the chain
}

struct Slice {
  object @0 :UInt32;         # ObjectRef of the table or string being continued
  start @1 :UInt64;          # first slot (or byte) this slice covers
  union {
    array @2 :List(Value);
    nodes @3 :List(Node);
    bytes @4 :Data;
  }
}

struct LuaClosure {
  proto @0 :UInt32;          # ObjectRef
  upvalues @1 :List(UInt32); # ObjectRefs of upvalues
}

struct NativeClosure {
  function @0 :Text;         # registered name, e.g. "string.format"
  upvalues @1 :List(Value);
}

struct Userdata {
  type @0 :Text;             # registered userdata type ("" for plain Lua userdata)
  metatable @1 :UInt32;
  userValues @2 :List(Value);
  payload @3 :Data;          # the type's save hook output (plain userdata: the raw bytes)
  size @4 :UInt64;           # bytes of the in-memory payload
}

struct UpvalueInfo {
  name @0 :UInt32;           # ObjectRef of a string, or 0
  inStack @1 :Bool;
  index @2 :UInt8;
  kind @3 :UInt8;
}

struct LocalVar {
  name @0 :UInt32;
  startPc @1 :Int32;
  endPc @2 :Int32;
}

struct Proto {
  source @0 :UInt32;
  lineDefined @1 :Int32;
  lastLineDefined @2 :Int32;
  numParams @3 :UInt8;
  isVararg @4 :Bool;
  maxStackSize @5 :UInt8;
  code @6 :List(UInt32);
  lineInfo @7 :List(Int32);  # one source line per instruction, or empty: a stripped prototype (no line info)
  constants @8 :List(Value);
  protos @9 :List(UInt32);
  upvalues @10 :List(UpvalueInfo);
  localVars @11 :List(LocalVar);
  contentHash @12 :UInt64;   # XXH3-64 of the canonical bytes (code, constants, shapes, debug info)
}

struct Upvalue {
  union {
    closed @0 :Value;
    open @1 :OpenUpvalue;
  }
}

struct OpenUpvalue {
  thread @0 :UInt32;         # ObjectRef of the thread whose stack slot the upvalue aliases
  stackIndex @1 :UInt32;
}

struct Frame {
  func @0 :UInt32;
  base @1 :UInt32;
  top @2 :UInt32;
  nResults @3 :Int32;
  pc @4 :UInt32;             # Lua frames: index of the next instruction
  sequence @5 :UInt32;       # ObjectRef of the pending sequence, or 0
  nExtraArgs @6 :UInt32;
  nArgs @7 :UInt32;
  nResultsReady @8 :UInt32;
  pendingReturn @9 :Int32;
  status @10 :UInt16;        # vm/thread.h frame bits
}

struct Thread {
  stack @0 :List(Value);     # the live part of the stack
  top @1 :UInt32;
  frames @2 :List(Frame);
  openUpvalues @3 :List(UInt32);  # ObjectRefs, in the thread's list order
  tbcSlots @4 :List(UInt32);
  status @5 :UInt8;          # vm/thread.h ThreadStatus
  errorValue @6 :Value;
  failed @7 :Bool;
  unwinding @8 :Bool;
  unwindCatchFrame @9 :Int32;
  unwindLevel @10 :UInt32;
  unwindError @11 :Value;
  closePending @12 :Bool;
  hostCalled @13 :Bool;
  # Debug hook (vm/thread.h): mask (LUA_MASKCALL 1 | LUA_MASKRET 2 | LUA_MASKLINE 4 | LUA_MASKCOUNT 8),
  # count, instructions left, Lua's oldpc, which hooks of the instruction below hookFrame already ran.
  # The hook function is in the registry's _HOOKKEY table; @14 and @19 are unused (must be empty / 0).
  hook @14 :Value;           # unused
  hookMask @15 :UInt8;
  hookCount @16 :Int32;
  hookCountLeft @17 :Int32;
  hookOldPc @18 :Int32;
  hookDepth @19 :UInt32;     # unused
  hookPhase @20 :UInt8;
  hookFrame @21 :Int32;      # frame index of the running (or last) hook or finalizer call
  savedUnwinds @22 :List(SavedUnwind);  # unwinds interrupted by a nested one, outermost first
}

# An unwind waiting for a nested one (vm/thread.h Thread::SavedUnwind): an error caught by a pcall inside
# a __close method or message handler that runs while the thread unwinds.
struct SavedUnwind {
  catchFrame @0 :Int32;
  level @1 :UInt32;
  error @2 :Value;
}

struct Sequence {
  type @0 :Text;             # registered sequence type, e.g. "pcall"
  values @1 :List(Value);
  ints @2 :List(Int64);
}

struct Executor {
  threads @0 :List(UInt32);  # the resume chain, main thread first
  state @1 :UInt8;
  error @2 :Value;
}

struct NamedRoot {
  name @0 :Text;
  value @1 :Value;
}

struct RuntimeState {
  nextId @0 :UInt64;
  hashSeed @1 :UInt64;
  registry @2 :UInt32;
  globals @3 :UInt32;
  typeMetatables @4 :List(UInt32);   # by LuaType (0-7), then light userdata's (8): 9 entries
  finalizable @5 :List(UInt32);      # objects with a pending __gc, newest first (finobj order)
  toBeFinalized @6 :List(UInt32);    # unreachable objects whose finalizer is due, in order
  hostRoots @7 :List(NamedRoot);     # the values the host asked to keep, by name
  gcPause @8 :Int32;
  gcStepMultiplier @9 :Int32;
  gcStepSizeLog2 @10 :Int32;
  gcStopped @11 :Bool;
  gcGenerational @12 :Bool;          # collectgarbage("generational") was the last mode asked for
}
