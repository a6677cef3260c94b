#!/usr/bin/env python3
"""Writes a corpus of crafted model inputs (GGUF, safetensors, zip/pickle, config.json, tokenizer files,
FIFOs) for scripts/probe-crafted.sh, and small valid seeds for the fuzz targets.

  craft.py OUT_DIR            # the probe corpus: OUT_DIR/cases.json lists every case
  craft.py --seeds SEED_DIR   # one valid tiny file per fuzz target that needs one

Every case is a model path (a .gguf file or a folder) plus the kind of input; the probe runs the release
binary on it. Nothing here needs anything beyond the Python standard library.
"""
import json
import os
import struct
import sys
import zipfile

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "fixtures")

# ---------------------------------------------------------------- a tiny byte-level vocabulary


def byte_alphabet():
    """GPT-2's byte → printable character table."""
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    chars = keep[:]
    n = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + n)
            n += 1
    return [chr(c) for _, c in sorted(zip(keep, chars))]


TOKENS = byte_alphabet()  # V = 256
V, D, H, KV, F, L = 256, 8, 2, 1, 16, 2
HD = D // H

# ---------------------------------------------------------------- GGUF


class G:
    """GGUF value types."""
    U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)


def gstr(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def gval(t, v):
    fmt = {G.U8: "<B", G.I8: "<b", G.U16: "<H", G.I16: "<h", G.U32: "<I", G.I32: "<i", G.F32: "<f",
           G.BOOL: "<B", G.U64: "<Q", G.I64: "<q", G.F64: "<d"}
    if t == G.STR:
        return gstr(v)
    if t == G.ARR:
        it, items = v
        if isinstance(items, bytes):  # raw payload with a declared count: (count, payload)
            raise ValueError
        return struct.pack("<IQ", it, len(items)) + b"".join(gval(it, x) for x in items)
    return struct.pack(fmt[t], v)


def llama_meta():
    return {
        "general.architecture": (G.STR, "llama"),
        "llama.block_count": (G.U32, L),
        "llama.embedding_length": (G.U32, D),
        "llama.feed_forward_length": (G.U32, F),
        "llama.attention.head_count": (G.U32, H),
        "llama.attention.head_count_kv": (G.U32, KV),
        "llama.attention.layer_norm_rms_epsilon": (G.F32, 1e-5),
        "llama.context_length": (G.U32, 64),
        "llama.rope.freq_base": (G.F32, 10000.0),
        "tokenizer.ggml.model": (G.STR, "gpt2"),
        "tokenizer.ggml.tokens": (G.ARR, (G.STR, TOKENS)),
        "tokenizer.ggml.merges": (G.ARR, (G.STR, [])),
        "tokenizer.ggml.bos_token_id": (G.U32, 1),
        "tokenizer.ggml.eos_token_id": (G.U32, 2),
    }


def llama_tensors(dims=None):
    """name → GGUF dims (innermost first) of the tiny Llama, all F32."""
    t = {"token_embd.weight": [D, V], "output_norm.weight": [D]}
    for l in range(L):
        b = f"blk.{l}."
        t.update({b + "attn_norm.weight": [D], b + "attn_q.weight": [D, H * HD], b + "attn_k.weight": [D, KV * HD],
                  b + "attn_v.weight": [D, KV * HD], b + "attn_output.weight": [H * HD, D],
                  b + "ffn_norm.weight": [D], b + "ffn_gate.weight": [D, F], b + "ffn_up.weight": [D, F],
                  b + "ffn_down.weight": [F, D]})
    if dims:
        t.update(dims)
    return t


def gguf(meta=None, tensors=None, version=3, raw_kv=b"", kv_count=None, tensor_count=None, types=None,
         offsets=None, data_cut=None, alignment=32, magic=b"GGUF"):
    meta = llama_meta() if meta is None else meta
    tensors = llama_tensors() if tensors is None else tensors
    kvs = b"".join(gstr(k) + struct.pack("<I", t) + gval(t, v) for k, (t, v) in meta.items()) + raw_kv
    n_kv = len(meta) + (1 if raw_kv else 0) if kv_count is None else kv_count
    infos, data, off = [], [], 0
    for name, dims in tensors.items():
        count = 1
        for d in dims:
            count *= d
        ty = (types or {}).get(name, 0)
        o = (offsets or {}).get(name, off)
        infos.append(gstr(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims))
        infos.append(struct.pack("<IQ", ty, o))
        size = count * 4 if count < 1 << 20 else 0
        blob = struct.pack(f"<{count}f", *[((i * 37) % 17 - 8) / 16 for i in range(count)]) if size else b""
        blob += b"\0" * ((-len(blob)) % alignment)
        data.append(blob)
        off += len(blob)
    n_t = len(tensors) if tensor_count is None else tensor_count
    head = magic + struct.pack("<IQQ", version, n_t, n_kv) + kvs + b"".join(infos)
    head += b"\0" * ((-len(head)) % alignment)
    out = head + b"".join(data)
    return out if data_cut is None else out[:data_cut]


# ---------------------------------------------------------------- safetensors


def st(tensors, header_len=None, extra=None, raw_header=None):
    """tensors: name → (dtype, shape, bytes)."""
    header, data = {}, b""
    for name, (dtype, shape, blob) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(blob)]}
        data += blob
    if extra:
        header.update(extra)
    h = raw_header if raw_header is not None else json.dumps(header).encode()
    return struct.pack("<Q", len(h) if header_len is None else header_len) + h + data


def f32(n):
    return struct.pack(f"<{n}f", *[((i * 13) % 7 - 3) / 8 for i in range(n)])


def llama_st():
    t = {"model.embed_tokens.weight": ("F32", [V, D], f32(V * D)), "model.norm.weight": ("F32", [D], f32(D))}
    for l in range(L):
        p = f"model.layers.{l}."
        for name, shape in [("input_layernorm", [D]), ("post_attention_layernorm", [D]),
                            ("self_attn.q_proj", [H * HD, D]), ("self_attn.k_proj", [KV * HD, D]),
                            ("self_attn.v_proj", [KV * HD, D]), ("self_attn.o_proj", [D, H * HD]),
                            ("mlp.gate_proj", [F, D]), ("mlp.up_proj", [F, D]), ("mlp.down_proj", [D, F])]:
            n = 1
            for s in shape:
                n *= s
            t[p + name + ".weight"] = ("F32", shape, f32(n))
    return t


LLAMA_CONFIG = {"model_type": "llama", "hidden_size": D, "intermediate_size": F, "num_hidden_layers": L,
                "num_attention_heads": H, "num_key_value_heads": KV, "rms_norm_eps": 1e-5, "vocab_size": V,
                "max_position_embeddings": 64, "tie_word_embeddings": True, "rope_theta": 10000.0}


def tokenizer_json(vocab=None, merges=None, added=None):
    vocab = {t: i for i, t in enumerate(TOKENS)} if vocab is None else vocab
    return json.dumps({"version": "1.0", "added_tokens": added or [],
                       "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "use_regex": True},
                       "decoder": {"type": "ByteLevel"},
                       "model": {"type": "BPE", "vocab": vocab, "merges": merges or []}}).encode()


# ---------------------------------------------------------------- pickle


def pk_str(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def evil_pickles(marker):
    """Pickles that would run `touch marker` if executed."""
    cmd = pk_str(f"touch {marker}")
    out = {}
    for mod, fn in [("posix", "system"), ("os", "system"), ("subprocess", "call"), ("builtins", "eval"),
                    ("builtins", "exec"), ("nt", "system"), ("torch._utils", "system")]:
        arg = cmd if fn != "eval" and fn != "exec" else pk_str(f"__import__('os').system('touch {marker}')")
        out[f"global-{mod}.{fn}"] = b"\x80\x02c" + f"{mod}\n{fn}\n".encode() + b"(" + arg + b"tR."
        # STACK_GLOBAL form (protocol 4)
        out[f"stackglobal-{mod}.{fn}"] = (b"\x80\x04" + pk_str(mod) + pk_str(fn) + b"\x93(" + arg + b"tR.")
        out[f"inst-{mod}.{fn}"] = b"(" + arg + b"i" + f"{mod}\n{fn}\n".encode() + b"."
        out[f"obj-{mod}.{fn}"] = b"\x80\x02(c" + f"{mod}\n{fn}\n".encode() + arg + b"o."
    # An allowed callable's result fed to a forbidden one, and BUILD with __setstate__.
    out["build-setstate"] = b"\x80\x02ccollections\nOrderedDict\n)R}" + pk_str("__setstate__") + b"cposix\nsystem\nsb."
    return out


def hostile_pickles():
    return {
        "deep-lists": b"\x80\x02" + b"]" * 200000 + b".",
        "deep-tuples": b"\x80\x02" + b"(" * 200000 + b".",
        "huge-binunicode": b"\x80\x02X\xff\xff\xff\x7f",
        "huge-binbytes8": b"\x80\x04\x8e" + struct.pack("<Q", 1 << 62),
        "huge-memo-get": b"\x80\x02j\xff\xff\xff\x7f.",
        "long-binget-missing": b"\x80\x02h\x05.",
        "empty": b"",
        "stop-only": b".",
        "pop-empty": b"\x80\x020.",
        "setitem-no-dict": b"\x80\x02K\x01K\x02s.",
        "unknown-opcode": b"\x80\x02\xff.",
        "proto-99": b"\x80\x63}.",
        "frame-huge": b"\x80\x04\x95" + struct.pack("<Q", 1 << 62) + b"}.",
        "long4-huge": b"\x80\x02\x8b" + struct.pack("<i", 1 << 30),
        "persid-non-tuple": b"\x80\x02K\x01Q.",
        "ext4": b"\x80\x02\x84\x01\x00\x00\x00.",
        "reduce-no-callable": b"\x80\x02K\x01)R.",
        "many-items": b"\x80\x02}(" + b"K\x01K\x02" * 100000 + b"u.",
    }


def torch_zip(pkl, storages=None, prefix="archive/", compress=False):
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        z.writestr(prefix + "data.pkl", pkl)
        for k, v in (storages or {}).items():
            z.writestr(prefix + "data/" + k, v)
        z.writestr(prefix + "version", "3\n")
    return buf.getvalue()


def rebuild_pickle(entries):
    """A state dict pickle: name → (storage key, storage type, numel, offset, shape, stride)."""
    p = b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01("
    for name, (key, stype, numel, offset, shape, stride) in entries.items():
        def ints(xs):
            return b"(" + b"".join(b"J" + struct.pack("<i", x) if -(1 << 31) <= x < 1 << 31
                                    else b"\x8a\x08" + struct.pack("<q", x) for x in xs) + b"t"
        p += pk_str(name) + b"ctorch._utils\n_rebuild_tensor_v2\n("
        p += b"(" + pk_str("storage") + b"ctorch\n" + stype.encode() + b"\n" + pk_str(key) + pk_str("cpu")
        p += b"J" + struct.pack("<i", numel) + b"tQ"
        p += b"J" + struct.pack("<i", offset) + ints(shape) + ints(stride) + b"\x89ccollections\nOrderedDict\n)RtR"
    return p + b"u."


# ---------------------------------------------------------------- the corpus


class Corpus:
    def __init__(self, out):
        self.out, self.cases = out, []
        os.makedirs(out, exist_ok=True)

    def _add(self, name, kind, path, marker=None):
        self.cases.append({"name": name, "kind": kind, "model": path, "marker": marker})

    def gguf(self, name, data):
        path = os.path.join(self.out, f"gguf-{name}.gguf")
        with open(path, "wb") as f:
            f.write(data)
        self._add(name, "gguf", path)

    def folder(self, name, kind, files, config=LLAMA_CONFIG, tokenizer=True, marker=None):
        path = os.path.join(self.out, f"{kind}-{name}")
        os.makedirs(path, exist_ok=True)
        if config is not None:
            files.setdefault("config.json", json.dumps(config).encode() if isinstance(config, dict) else config)
        if tokenizer:
            files.setdefault("tokenizer.json", tokenizer_json())
        for fname, blob in files.items():
            fp = os.path.join(path, fname)
            if os.path.lexists(fp):
                os.remove(fp)
            if blob == "FIFO":
                os.mkfifo(fp)
            else:
                with open(fp, "wb") as f:
                    f.write(blob)
        self._add(name, kind, path, marker)

    def write(self):
        with open(os.path.join(self.out, "cases.json"), "w") as f:
            json.dump(self.cases, f, indent=0)


def add_gguf(c):
    c.gguf("valid", gguf())
    big = 1 << 62
    for key, variants in {
        "llama.block_count": [(G.I32, -1), (G.U32, 0), (G.U32, 10 ** 9), (G.U64, big), (G.I64, -(1 << 63)), (G.U64, 2 ** 64 - 1),
                              (G.F32, 2.0), (G.STR, "2")],
        "llama.embedding_length": [(G.U64, big), (G.U32, 0), (G.I32, -8), (G.U32, 1 << 31), (G.U32, 7), (G.U32, 10 ** 6)],
        "llama.attention.head_count": [(G.U32, 3), (G.U32, 10 ** 9), (G.U64, big), (G.U32, 0), (G.I32, -2), (G.U32, 16)],
        "llama.attention.head_count_kv": [(G.U32, 0), (G.U32, 3), (G.U32, 10 ** 9), (G.U64, big), (G.I32, -1)],
        "llama.attention.key_length": [(G.U32, 10 ** 9), (G.U64, big), (G.U32, 0), (G.U32, 3), (G.U32, 5), (G.I32, -4)],
        "llama.feed_forward_length": [(G.U64, big), (G.U32, 0), (G.I32, -1), (G.U32, 10 ** 9)],
        "llama.context_length": [(G.U64, big), (G.U32, 0), (G.I32, -1), (G.U64, 2 ** 64 - 1)],
        "llama.attention.layer_norm_rms_epsilon": [(G.F32, 0.0), (G.F32, float("inf")), (G.F32, float("nan")),
                                                   (G.F32, -1e-5), (G.F64, 1e-300), (G.F32, 1e30), (G.STR, "x")],
        "llama.rope.freq_base": [(G.F32, 0.0), (G.F32, float("inf")), (G.F32, float("nan")), (G.F32, -1.0)],
        "llama.vocab_size": [(G.U64, big), (G.U32, 0), (G.U32, 10 ** 9), (G.I32, -1)],
        "tokenizer.ggml.bos_token_id": [(G.U64, big), (G.I32, -5), (G.U32, 300)],
        "tokenizer.ggml.eos_token_id": [(G.U64, big), (G.I32, -5), (G.U32, 300)],
        "general.architecture": [(G.STR, "gpt2"), (G.STR, "opt"), (G.STR, "x" * 100000), (G.U32, 1), (G.STR, "")],
        "general.alignment": [(G.U32, 0), (G.U32, 3), (G.U64, big), (G.U32, 1 << 30), (G.I32, -32)],
        "tokenizer.ggml.tokens": [(G.ARR, (G.STR, [])), (G.ARR, (G.U32, [1, 2])), (G.STR, "a"),
                                  (G.ARR, (G.STR, ["a"] * 10))],
        "tokenizer.ggml.merges": [(G.ARR, (G.STR, ["a b c"])), (G.ARR, (G.STR, ["zz yy"])), (G.ARR, (G.U8, [1]))],
        "tokenizer.ggml.model": [(G.STR, "llama"), (G.STR, "bert"), (G.STR, "")],
        "tokenizer.ggml.token_type": [(G.ARR, (G.I32, [99] * V)), (G.ARR, (G.I32, [1]))],
    }.items():
        for i, (t, v) in enumerate(variants):
            m = llama_meta()
            m[key] = (t, v)
            c.gguf(f"meta-{key}-{i}", gguf(meta=m))
        m = llama_meta()
        m.pop(key, None)
        c.gguf(f"missing-{key}", gguf(meta=m))
    # Huge layer counts with as many block tensors as the file can hold.
    for n in [3, 100]:
        m = llama_meta()
        m["llama.block_count"] = (G.U32, n)
        c.gguf(f"layers-{n}-missing-tensors", gguf(meta=m))
    # Structure.
    base = gguf()
    for cut in [0, 3, 4, 7, 8, 15, 23, 24, 40, 100, 1000, 3000, len(base) // 2, len(base) - 1]:
        c.gguf(f"cut-{cut}", base[:cut])
    for v in [0, 1, 4, 2 ** 32 - 1]:
        c.gguf(f"version-{v}", gguf(version=v))
    c.gguf("magic-ggux", gguf(magic=b"GGUX"))
    c.gguf("magic-ggjt", gguf(magic=b"ggjt"))
    for n in [2 ** 60, 2 ** 64 - 1, 10 ** 6, 10 ** 9]:
        c.gguf(f"kv-count-{n}", gguf(kv_count=n))
        c.gguf(f"tensor-count-{n}", gguf(tensor_count=n))
    c.gguf("tensor-count-0", gguf(tensor_count=0))
    for t in [2, 3, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 30, 31, 39, 99, 2 ** 32 - 1]:
        c.gguf(f"tensor-type-{t}", gguf(types={"token_embd.weight": t}))
    for o in [1, 31, 2 ** 40, 2 ** 64 - 32, 0]:
        c.gguf(f"offset-{o}", gguf(offsets={"blk.0.attn_q.weight": o}))
    for dims in [[D, V, 1, 1, 1, 1, 1, 1, 1], [2 ** 31, 2 ** 31], [2 ** 63], [0, V], [D, 2 ** 40], []]:
        c.gguf(f"dims-{len(dims)}-{dims[0] if dims else 0}", gguf(tensors=llama_tensors({"token_embd.weight": dims})))
    c.gguf("shape-mismatch", gguf(tensors=llama_tensors({"blk.1.ffn_up.weight": [D, F + 1]})))
    c.gguf("duplicate-tensor", gguf(tensors={**llama_tensors(), "token_embd.weight": [D, V]}, tensor_count=len(llama_tensors()) + 1))
    # Raw, hostile metadata values.
    raw = {
        "string-len-huge": gstr("k") + struct.pack("<I", G.STR) + struct.pack("<Q", 2 ** 62),
        "array-count-huge": gstr("k") + struct.pack("<IIQ", G.ARR, G.U8, 2 ** 62),
        "array-type-bad": gstr("k") + struct.pack("<IIQ", G.ARR, 77, 1) + b"\0" * 8,
        "value-type-bad": gstr("k") + struct.pack("<I", 99),
        "nested-arrays": gstr("k") + struct.pack("<I", G.ARR) + struct.pack("<IQ", G.ARR, 1) * 64 + struct.pack("<IQ", G.U8, 0),
        "array-of-arrays-many": gstr("k") + struct.pack("<IIQ", G.ARR, G.ARR, 100000) + struct.pack("<IQ", G.U8, 0) * 100000,
        "key-len-huge": struct.pack("<Q", 2 ** 63),
    }
    for name, blob in raw.items():
        c.gguf(f"raw-{name}", gguf(raw_kv=blob))
    # Memory amplification: one u8 array filling a 64 MB file, then a 1-byte-string array.
    n = 64 << 20
    c.gguf("u8-array-64MB", gguf(meta={}, tensors={}, raw_kv=gstr("a") + struct.pack("<IIQ", G.ARR, G.U8, n) + b"\0" * n))
    n = 8 << 20
    c.gguf("bool-array-8M", gguf(meta={}, tensors={}, raw_kv=gstr("a") + struct.pack("<IIQ", G.ARR, G.BOOL, n) + b"\0" * n))
    n = 2 << 20
    c.gguf("empty-strings-2M", gguf(meta={}, tensors={}, raw_kv=gstr("a") + struct.pack("<IIQ", G.ARR, G.STR, n) + b"\0" * (8 * n)))
    c.gguf("many-tiny-tensors", gguf(meta=llama_meta(), tensors={f"t{i}": [] for i in range(200000)}))
    c.gguf("long-tensor-name", gguf(tensors={("n" * 5_000_000): [D]}))


def add_safetensors(c):
    good = llama_st()
    c.folder("valid", "st", {"model.safetensors": st(good)})
    c.folder("valid-no-tokenizer", "st", {"model.safetensors": st(good)}, tokenizer=False)
    blob = st(good)
    for cut in [0, 4, 8, 9, 100, len(blob) // 2, len(blob) - 1]:
        c.folder(f"cut-{cut}", "st", {"model.safetensors": blob[:cut]})
    for hl in [2 ** 40, 2 ** 64 - 1, 0, 1, 99_999_999, 100_000_001]:
        c.folder(f"header-len-{hl}", "st", {"model.safetensors": st(good, header_len=hl)})
    for name, raw in {
        "not-json": b"not json at all",
        "array": b"[1,2,3]",
        "deep": b"[" * 100000 + b"]" * 100000,
        "deep-objects": b'{"a":' * 50000 + b"1" + b"}" * 50000,
        "nul": b"\0" * 64,
        "bad-utf8": b'{"\xff\xfe": 1}',
        "huge-number": b'{"w": {"dtype": "F32", "shape": [1e400], "data_offsets": [0, 4]}}',
        "neg-shape": b'{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}',
        "float-offsets": b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0.5, 4]}}',
        "offsets-reversed": b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}',
        "offsets-three": b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}}',
        "shape-string": b'{"w": {"dtype": "F32", "shape": "4", "data_offsets": [0, 4]}}',
        "dtype-unknown": b'{"w": {"dtype": "Q4", "shape": [1], "data_offsets": [0, 4]}}',
        "overflow-shape": b'{"w": {"dtype": "F32", "shape": [4294967296, 4294967296, 4294967296], "data_offsets": [0, 4]}}',
        "big-int": b'{"w": {"dtype": "F32", "shape": [99999999999999999999999], "data_offsets": [0, 4]}}',
        "many-entries": ("{" + ",".join(f'"t{i}": {{"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}' for i in range(300000)) + "}").encode(),
        "long-key": ('{"' + "k" * 3_000_000 + '": {"dtype": "F32", "shape": [1], "data_offsets": [0, 8]}}').encode(),
        "metadata-not-object": b'{"__metadata__": [1, 2]}',
    }.items():
        c.folder(f"raw-{name}", "st", {"model.safetensors": st({}, raw_header=raw) + b"\0" * 8})
    # Tensor-level lies.
    for name, change in {
        "embed-shape-vocab-big": ("model.embed_tokens.weight", ("F32", [V * 4, D], f32(V * D * 4))),
        "q-shape-wrong": ("model.layers.0.self_attn.q_proj.weight", ("F32", [D, D + 1], f32(D * (D + 1)))),
        "norm-f16": ("model.norm.weight", ("F16", [D], b"\0" * (2 * D))),
        "norm-i32": ("model.norm.weight", ("I32", [D], b"\0" * (4 * D))),
        "norm-empty": ("model.norm.weight", ("F32", [0], b"")),
        "embed-bf16": ("model.embed_tokens.weight", ("BF16", [V, D], b"\x80\x7f" * (V * D))),
        "embed-nan": ("model.embed_tokens.weight", ("F32", [V, D], struct.pack("<f", float("nan")) * (V * D))),
    }.items():
        t = dict(good)
        t[change[0]] = change[1]
        c.folder(f"tensor-{name}", "st", {"model.safetensors": st(t)})
    t = dict(good)
    t.pop("model.layers.1.mlp.down_proj.weight")
    c.folder("tensor-missing", "st", {"model.safetensors": st(t)})
    # Overlapping and past-the-end offsets.
    h = {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}
    c.folder("overlap", "st", {"model.safetensors": st({}, raw_header=json.dumps(h).encode()) + b"\0" * 12})
    h = {"a": {"dtype": "F32", "shape": [2 ** 20], "data_offsets": [0, 4 * 2 ** 20]}}
    c.folder("past-end", "st", {"model.safetensors": st({}, raw_header=json.dumps(h).encode()) + b"\0" * 16})
    # Sharded: index problems.
    shard = st(good)
    wm = {k: "model-00001-of-00001.safetensors" for k in good}
    def index(obj):
        return json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
    c.folder("index-valid", "idx", {"model.safetensors.index.json": index({"weight_map": wm}), "model-00001-of-00001.safetensors": shard})
    for name, obj in {
        "not-json": b"{",
        "no-map": {"metadata": {}},
        "map-array": {"weight_map": [1]},
        "abs-path": {"weight_map": {k: "/etc/passwd" for k in good}},
        "dotdot": {"weight_map": {k: "../../x.safetensors" for k in good}},
        "missing-shard": {"weight_map": {k: "nope.safetensors" for k in good}},
        "shard-is-dir": {"weight_map": {k: "." for k in good}},
        "wrong-tensor": {"weight_map": {"ghost": "model-00001-of-00001.safetensors", **wm}},
        "non-string": {"weight_map": {k: 5 for k in good}},
        "many-shards": {"weight_map": {f"t{i}": f"s{i}.safetensors" for i in range(20000)}},
        "deep": b"[" * 100000,
    }.items():
        c.folder(f"index-{name}", "idx", {"model.safetensors.index.json": index(obj), "model-00001-of-00001.safetensors": shard})
    c.folder("index-fifo-shard", "idx", {"model.safetensors.index.json": index({"weight_map": wm}), "model-00001-of-00001.safetensors": "FIFO"})
    c.folder("index-fifo", "idx", {"model.safetensors.index.json": "FIFO"})
    c.folder("fifo-model", "st", {"model.safetensors": "FIFO"})
    c.folder("dir-model", "st", {})
    os.makedirs(os.path.join(c.out, "st-dir-model", "model.safetensors"), exist_ok=True)


def add_pickle(c):
    opt = os.path.join(FIXTURES, "models", "opt-tiny")
    opt_config = open(os.path.join(opt, "config.json"), "rb").read()
    real = zipfile.ZipFile(os.path.join(opt, "pytorch_model.bin"))
    names = real.namelist()
    pkl_name = [n for n in names if n.endswith("data.pkl")][0]
    prefix = pkl_name[: -len("data.pkl")]
    storages = {n[len(prefix) + 5:]: real.read(n) for n in names if "/data/" in n}
    real_pkl = real.read(pkl_name)
    c.folder("opt-valid", "pt", {"pytorch_model.bin": torch_zip(real_pkl, storages)}, config=opt_config, tokenizer=False)
    for i, (name, p) in enumerate(evil_pickles("MARKER").items()):
        marker = f"/tmp/tokengen-probe-pwned-{i}"
        c.folder(f"evil-{name}", "pt", {"pytorch_model.bin": torch_zip(p.replace(b"MARKER", marker.encode())
                                                                         if b"MARKER" in p else p, storages)},
                 config=opt_config, tokenizer=False, marker=marker)
    for name, p in hostile_pickles().items():
        c.folder(f"hostile-{name}", "pt", {"pytorch_model.bin": torch_zip(p)}, config=opt_config, tokenizer=False)
    # Tensor views that lie about their storage.
    for name, entry in {
        "offset-past": ("0", "FloatStorage", 4, 10 ** 9, [2], [1]),
        "shape-huge": ("0", "FloatStorage", 4, 0, [2 ** 31 - 1, 2 ** 31 - 1], [1, 1]),
        "shape-64bit": ("0", "FloatStorage", 4, 0, [2 ** 62, 4], [4, 1]),
        "stride-negative": ("0", "FloatStorage", 4, 0, [2, 2], [-1, 1]),
        "stride-huge": ("0", "FloatStorage", 4, 0, [2, 2], [2 ** 40, 1]),
        "storage-unknown": ("0", "EvilStorage", 4, 0, [2], [1]),
        "storage-missing": ("nope", "FloatStorage", 4, 0, [2], [1]),
        "zero-shape": ("0", "FloatStorage", 4, 0, [0, 5], [5, 1]),
    }.items():
        p = rebuild_pickle({"model.decoder.embed_tokens.weight": entry})
        c.folder(f"view-{name}", "pt", {"pytorch_model.bin": torch_zip(p, {"0": b"\0" * 16})}, config=opt_config, tokenizer=False)
    # Zip structure.
    z = torch_zip(real_pkl, storages)
    for cut in [0, 10, 21, 22, 30, 100, len(z) // 2, len(z) - 22, len(z) - 1]:
        c.folder(f"zip-cut-{cut}", "pt", {"pytorch_model.bin": z[:cut]}, config=opt_config, tokenizer=False)
    for size in range(42, 56):
        zb = b"\0" * (size - 42) + struct.pack("<IIQI", 0x07064B50, 0, 0, 1) + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        c.folder(f"zip64-tiny-{size}", "pt", {"pytorch_model.bin": zb}, config=opt_config, tokenizer=False)
    c.folder("zip-compressed", "pt", {"pytorch_model.bin": torch_zip(real_pkl, {"0": b"\0" * 64}, compress=True)}, config=opt_config, tokenizer=False)
    c.folder("zip-no-pkl", "pt", {"pytorch_model.bin": torch_zip(b"", {})[:0] + torch_zip(real_pkl).replace(b"data.pkl", b"data.pkx")}, config=opt_config, tokenizer=False)
    c.folder("legacy-format", "pt", {"pytorch_model.bin": b"\x80\x02\x8a\x0alw\xf9\x1d" + b"\0" * 64}, config=opt_config, tokenizer=False)
    eocd_bad = z[:-22] + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFF0, 0xFFF0, 0x7FFFFFFF, 0x7FFFFFFF, 0)
    c.folder("zip-eocd-lies", "pt", {"pytorch_model.bin": eocd_bad}, config=opt_config, tokenizer=False)
    c.folder("fifo-bin", "pt", {"pytorch_model.bin": "FIFO"}, config=opt_config, tokenizer=False)


def add_configs(c):
    good = llama_st()
    weights = st(good)
    for key, values in {
        "num_hidden_layers": [-1, 0, 10 ** 9, 2 ** 62, 2 ** 63 - 1, 1.5, "2", None, 3],
        "hidden_size": [0, -8, 2 ** 62, 2 ** 63 - 1, 7, 10 ** 9],
        "num_attention_heads": [0, 3, 10 ** 9, 2 ** 62, -2, 16],
        "num_key_value_heads": [0, 3, 10 ** 9, -1, 2 ** 62],
        "head_dim": [0, 3, 10 ** 9, 2 ** 62, -4, 5],
        "intermediate_size": [0, -1, 2 ** 62, 10 ** 9],
        "vocab_size": [0, -1, 2 ** 62, 10 ** 9, 255],
        "max_position_embeddings": [0, -1, 2 ** 62, 1],
        "rms_norm_eps": [0, -1e-5, 1e-300, 1e308, "inf", None],
        "rope_theta": [0, -1, 1e308, "x"],
        "model_type": ["gpt3", "", 5, None, "x" * 1_000_000],
        "tie_word_embeddings": ["yes", 2],
    }.items():
        for i, v in enumerate(values):
            cfg = dict(LLAMA_CONFIG)
            cfg[key] = v
            c.folder(f"llama-{key}-{i}", "cfg", {"model.safetensors": weights}, config=cfg)
        cfg = dict(LLAMA_CONFIG)
        cfg.pop(key, None)
        c.folder(f"llama-missing-{key}", "cfg", {"model.safetensors": weights}, config=cfg)
    for name, raw in {
        "not-json": b"{", "empty": b"", "array": b"[]", "null": b"null", "deep": b"[" * 100000,
        "deep-obj": b'{"a":' * 100000, "nul": b"\0\0\0", "bom": b"\xef\xbb\xbf" + json.dumps(LLAMA_CONFIG).encode(),
        "huge-number": json.dumps(LLAMA_CONFIG).encode().replace(b'"num_hidden_layers": 2', b'"num_hidden_layers": 1e999'),
        "long-line": b'{"model_type": "' + b"x" * 7_000_000 + b'"}',
        "dup-keys": b'{"model_type": "llama", "model_type": "gpt2"}',
    }.items():
        c.folder(f"raw-{name}", "cfg", {"model.safetensors": weights}, config=raw)
    c.folder("fifo-config", "cfg", {"model.safetensors": weights, "config.json": "FIFO"}, config=None)
    big = b"{" + b" " * (9 << 20) + b"}"
    c.folder("config-9MB", "cfg", {"model.safetensors": weights}, config=big)
    # GPT-2 and OPT, from the fixtures' configs (weights from the fixtures, linked).
    for family in ["gpt2-tiny", "opt-tiny"]:
        src = os.path.join(FIXTURES, "models", family)
        base = json.load(open(os.path.join(src, "config.json")))
        keys = ["n_layer", "n_head", "n_embd", "n_positions", "n_inner", "layer_norm_epsilon", "vocab_size"] if family == "gpt2-tiny" else \
            ["num_hidden_layers", "num_attention_heads", "hidden_size", "ffn_dim", "max_position_embeddings", "word_embed_proj_dim", "vocab_size"]
        for key in keys:
            for i, v in enumerate([-1, 0, 3, 2 ** 62, 10 ** 9, 1e-320]):
                cfg = dict(base)
                cfg[key] = v
                name = f"{family}-{key}-{i}"
                c.folder(name, "cfg", {}, config=cfg, tokenizer=False)
                w = "model.safetensors"
                os.symlink(os.path.abspath(os.path.join(src, w)), os.path.join(c.out, f"cfg-{name}", w))


def add_tokenizers(c):
    weights = st(llama_st())
    vocab = {t: i for i, t in enumerate(TOKENS)}
    for name, blob in {
        "added-id-huge": tokenizer_json(added=[{"id": 2 ** 62, "content": "<x>", "special": True}]),
        "added-id-neg": tokenizer_json(added=[{"id": -5, "content": "<x>", "special": True}]),
        "added-id-1e9": tokenizer_json(added=[{"id": 10 ** 9, "content": "<x>", "special": True}]),
        "added-empty-content": tokenizer_json(added=[{"id": 5, "content": "", "special": True}]),
        "vocab-id-huge": tokenizer_json(vocab={**vocab, "zz": 2 ** 62}),
        "vocab-id-neg": tokenizer_json(vocab={**vocab, "zz": -1}),
        "vocab-id-1e9": tokenizer_json(vocab={**vocab, "zz": 10 ** 9}),
        "vocab-id-2p30-1": tokenizer_json(vocab={**vocab, "zz": 2 ** 30 - 1}),
        "vocab-dup-ids": tokenizer_json(vocab={t: 0 for t in TOKENS}),
        "merge-unknown": tokenizer_json(merges=["qq zz"]),
        "merge-three": tokenizer_json(merges=["a b c"]),
        "merge-pairs": tokenizer_json(merges=[["a", "b"]]),
        "model-wordpiece": tokenizer_json().replace(b'"BPE"', b'"WordPiece"'),
        "not-json": b"{", "deep": b"[" * 100000, "empty": b"",
        "many-added": tokenizer_json(added=[{"id": 256 + i, "content": f"<t{i}>", "special": False} for i in range(50000)]),
        "long-token": tokenizer_json(vocab={**vocab, "a" * 2_000_000: 256}),
    }.items():
        c.folder(f"tok-{name}", "tok", {"model.safetensors": weights, "tokenizer.json": blob})
    c.folder("tok-fifo", "tok", {"model.safetensors": weights, "tokenizer.json": "FIFO"})
    big = tokenizer_json() + b" " * (65 << 20)
    c.folder("tok-65MB", "tok", {"model.safetensors": weights, "tokenizer.json": big})
    for name, (v, m) in {
        "vm-valid": (json.dumps(vocab).encode(), b"#version: 0.2\n"),
        "vm-bad-json": (b"{", b""),
        "vm-merge-unknown": (json.dumps(vocab).encode(), b"qq zz\n"),
        "vm-merge-one": (json.dumps(vocab).encode(), b"a\n"),
        "vm-binary-merges": (json.dumps(vocab).encode(), b"\xff\xfe\0\0"),
        "vm-id-huge": (json.dumps({**vocab, "<|endoftext|>": 2 ** 62}).encode(), b""),
        "vm-id-1e9": (json.dumps({**vocab, "zz": 10 ** 9}).encode(), b""),
        "vm-fifo-merges": (json.dumps(vocab).encode(), "FIFO"),
    }.items():
        c.folder(name, "tok", {"model.safetensors": weights, "vocab.json": v, "merges.txt": m}, tokenizer=False)


# ---------------------------------------------------------------- more cases (round 4): every family, bounds, Zip64


def add_gguf_more(c):
    """Each GGUF architecture with absurd dimensions, values at the validation bounds, huge metadata arrays of
    every element type, truncation inside every header field, and hostile tensor descriptions."""
    big = 1 << 62
    absurd = [(G.U64, big), (G.I32, -1), (G.U32, 10 ** 9), (G.U32, 0)]
    for arch in ["gpt2", "gptneox", "qwen2", "qwen3", "gemma2", "gemma3", "phi3"]:
        base = {k.replace("llama.", arch + "."): v for k, v in llama_meta().items()}
        base["general.architecture"] = (G.STR, arch)
        c.gguf(f"arch-{arch}-plain", gguf(meta=base))
        for key in ["block_count", "embedding_length", "attention.head_count", "attention.head_count_kv",
                    "feed_forward_length", "context_length"]:
            for i, (t, v) in enumerate(absurd):
                m = dict(base)
                m[f"{arch}.{key}"] = (t, v)
                c.gguf(f"arch-{arch}-{key}-{i}", gguf(meta=m))
    # Just inside and just outside ModelDimensions' bounds (README "Robustness").
    for key, values in {
        "llama.block_count": [1024, 1025], "llama.embedding_length": [65536, 65537, 65536 * 2],
        "llama.attention.head_count": [1024, 1025], "llama.attention.key_length": [2048, 2049],
        "llama.feed_forward_length": [1 << 20, (1 << 20) + 1], "llama.context_length": [1 << 24, (1 << 24) + 1],
        "llama.vocab_size": [1 << 22, (1 << 22) + 1],
    }.items():
        for v in values:
            m = llama_meta()
            m[key] = (G.U64, v)
            c.gguf(f"bound-{key}-{v}", gguf(meta=m))
    # Huge arrays: declared far beyond the file, and filling 16 MB, of every element type.
    sizes = {G.U8: 1, G.I8: 1, G.U16: 2, G.I16: 2, G.U32: 4, G.I32: 4, G.F32: 4, G.BOOL: 1, G.U64: 8, G.I64: 8, G.F64: 8}
    for t, width in sizes.items():
        c.gguf(f"array-{t}-declared-2p40", gguf(raw_kv=gstr("k") + struct.pack("<IIQ", G.ARR, t, 2 ** 40)))
        n = (16 << 20) // width
        c.gguf(f"array-{t}-16MB", gguf(meta={}, tensors={}, raw_kv=gstr("a") + struct.pack("<IIQ", G.ARR, t, n) + b"\0" * (n * width)))
    c.gguf("strings-declared-long", gguf(raw_kv=gstr("k") + struct.pack("<IIQ", G.ARR, G.STR, 1000) + struct.pack("<Q", 2 ** 40)))
    c.gguf("tokens-1M", gguf(meta={**llama_meta(), "tokenizer.ggml.tokens": (G.ARR, (G.STR, [f"t{i}" for i in range(1 << 20)]))}))
    c.gguf("scores-short", gguf(meta={**llama_meta(), "tokenizer.ggml.scores": (G.ARR, (G.F32, [0.0]))}))
    c.gguf("scores-nan", gguf(meta={**llama_meta(), "tokenizer.ggml.scores": (G.ARR, (G.F32, [float("nan")] * V))}))
    c.gguf("token-type-long", gguf(meta={**llama_meta(), "tokenizer.ggml.token_type": (G.ARR, (G.I32, [1] * (V * 10)))}))
    c.gguf("merges-200k", gguf(meta={**llama_meta(), "tokenizer.ggml.merges": (G.ARR, (G.STR, ["a b"] * 200000))}))
    c.gguf("token-huge", gguf(meta={**llama_meta(), "tokenizer.ggml.tokens": (G.ARR, (G.STR, ["x" * 4_000_000] + TOKENS[1:]))}))
    # Truncation inside each field of the header's first 700 bytes.
    base = gguf()
    for cut in range(5, 700, 14):
        c.gguf(f"cut2-{cut}", base[:cut])
    # Tensor descriptions.
    for n_dims in [0, 5, 64, 2 ** 31, 2 ** 32 - 1]:
        t = llama_tensors()
        blob = bytearray(gguf(tensors=t))
        name = gstr("token_embd.weight")
        at = blob.find(name) + len(name)
        blob[at:at + 4] = struct.pack("<I", n_dims)
        c.gguf(f"ndims-{n_dims}", bytes(blob))
    for dims in [[1, 1, 1, 1], [2 ** 32, 2 ** 32], [2 ** 21, 2 ** 21, 2 ** 21], [1 << 62, 0]]:
        c.gguf(f"dims2-{'x'.join(map(str, dims))}", gguf(tensors=llama_tensors({"blk.0.ffn_up.weight": dims})))
    for t in [1, 8, 2, 12, 14]:  # F16, Q8_0, Q4_0, Q4_K, Q6_K on a tensor whose bytes are F32-sized
        c.gguf(f"type-{t}-on-norm", gguf(types={"output_norm.weight": t}))
    for a in [1, 2, 64, 4096, 1 << 20]:
        m = llama_meta()
        m["general.alignment"] = (G.U32, a)
        c.gguf(f"alignment-{a}", gguf(meta=m))
    c.gguf("all-offsets-0", gguf(offsets={k: 0 for k in llama_tensors()}))
    c.gguf("tensor-name-empty", gguf(tensors={"": [D], **llama_tensors()}))
    c.gguf("tensor-name-bad-utf8", gguf(tensors={b"\xff\xfe".decode("latin-1"): [D], **llama_tensors()}))
    c.gguf("key-dup", gguf(raw_kv=gstr("llama.block_count") + struct.pack("<II", G.U32, 10 ** 9)))


def add_safetensors_more(c):
    good = llama_st()
    for dtype in ["F64", "I8", "U8", "I16", "I64", "BOOL", "F8_E4M3", "F8_E5M2", "C64", ""]:
        t = dict(good)
        t["model.norm.weight"] = (dtype, [D], b"\0" * (8 * D))
        c.folder(f"dtype-{dtype or 'empty'}", "st", {"model.safetensors": st(t)})
    for name, shape in {"rank-8": [1] * 7 + [D], "rank-0": [], "rank-64": [1] * 64, "dim-2p62": [2 ** 62, 0]}.items():
        t = dict(good)
        t["model.norm.weight"] = ("F32", shape, f32(D))
        c.folder(f"shape-{name}", "st", {"model.safetensors": st(t)})
    for name, offs in {"huge-end": [0, 2 ** 63], "neg": [-4, 4], "equal": [8, 8], "u64-max": [2 ** 64 - 1, 2 ** 64 - 1],
                       "one": [0], "empty": [], "strings": ["0", "4"]}.items():
        h = {"w": {"dtype": "F32", "shape": [1], "data_offsets": offs}}
        c.folder(f"offsets-{name}", "st", {"model.safetensors": st({}, raw_header=json.dumps(h).encode()) + b"\0" * 16})
    for name, meta in {"huge": {"k": "v" * 5_000_000}, "nested": {"k": {"a": [1, 2]}}, "many": {f"k{i}": "v" for i in range(100000)}}.items():
        c.folder(f"metadata-{name}", "st", {"model.safetensors": st(good, extra={"__metadata__": meta})})
    c.folder("header-padding-spaces", "st", {"model.safetensors": st({}, raw_header=b" " * 1000 + json.dumps({}).encode())})
    c.folder("header-24MiB-plus-1", "st", {"model.safetensors": struct.pack("<Q", (24 << 20) + 1) + b" " * ((24 << 20) + 1)})
    c.folder("gap-between-tensors", "st", {"model.safetensors": st({}, raw_header=json.dumps(
        {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [100, 104]}}).encode()) + b"\0" * 104})
    # Shard indexes pointing at a crafted shard.
    wm = {k: "model-00001-of-00002.safetensors" for k in good}
    for name, shard in {"truncated": st(good)[:1000], "header-lies": st(good, header_len=2 ** 40), "empty": b""}.items():
        c.folder(f"index-shard-{name}", "idx", {"model.safetensors.index.json": json.dumps({"weight_map": wm}).encode(),
                                                "model-00001-of-00002.safetensors": shard})
    c.folder("index-symlink-loop", "idx", {"model.safetensors.index.json": json.dumps({"weight_map": {k: "loop.safetensors" for k in good}}).encode()})
    loop = os.path.join(c.out, "idx-index-symlink-loop", "loop.safetensors")
    if not os.path.lexists(loop):
        os.symlink("loop.safetensors", loop)
    c.folder("index-9MB", "idx", {"model.safetensors.index.json": b'{"weight_map": {}}' + b" " * (9 << 20)})


def add_pickle_more(c):
    opt_config = open(os.path.join(FIXTURES, "models", "opt-tiny", "config.json"), "rb").read()
    for name, p in {
        "binget-huge": b"\x80\x02j\xff\xff\xff\xff.",
        "binget-missing": b"\x80\x02h\x05.",
        "long4-huge": b"\x80\x02\x8b\xff\xff\xff\x7f.",
        "long1-short": b"\x80\x02\x8a\x08\x01.",
        "binunicode-huge": b"\x80\x02X\xff\xff\xff\x7fabc.",
        "binunicode8-huge": b"\x80\x04\x8d" + struct.pack("<Q", 2 ** 62) + b"x.",
        "binbytes8-huge": b"\x80\x04\x8e" + struct.pack("<Q", 2 ** 62) + b"x.",
        "frame-huge": b"\x80\x04\x95" + struct.pack("<Q", 2 ** 62) + b"N.",
        "proto-99": b"\x80\x63N.",
        "ext1": b"\x80\x02\x82\x01.",
        "persid": b"\x80\x02Pfoo\n.",
        "binpersid-empty": b"\x80\x02Q.",
        "pop-empty": b"\x80\x020.",
        "mark-unclosed": b"\x80\x02(((.",
        "setitems-odd": b"\x80\x02}(K\x01u.",
        "appends-to-int": b"\x80\x02K\x01(K\x02e.",
        "reduce-no-args": b"\x80\x02ccollections\nOrderedDict\nR.",
        "stop-missing": b"\x80\x02K\x01",
        "float-text": b"\x80\x02F1e999\n.",
        "int-text-huge": b"\x80\x02I" + b"9" * 100000 + b"\n.",
        "memo-flood": b"\x80\x02N" + b"q\x00" * 100000 + b".",
        "dict-1M": b"\x80\x02}(" + b"K\x01K\x01" * 500000 + b"u.",
        "unicode-bad-utf8": b"\x80\x02X\x02\x00\x00\x00\xff\xfe.",
        "global-no-newline": b"\x80\x02ctorch",
    }.items():
        c.folder(f"hostile2-{name}", "pt", {"pytorch_model.bin": torch_zip(p)}, config=opt_config, tokenizer=False)


def add_zip_more(c):
    """Zip64 and central-directory lies (the hand-written reader's edges)."""
    opt_config = open(os.path.join(FIXTURES, "models", "opt-tiny", "config.json"), "rb").read()
    pkl = b"\x80\x02}q\x00."
    z = torch_zip(pkl, {})
    eocd = z.rfind(struct.pack("<I", 0x06054B50))
    cd_off = struct.unpack("<I", z[eocd + 16:eocd + 20])[0]
    cases = {}
    # Zip64 records truncated or pointing anywhere.
    for n, loc_off in enumerate([0, 2 ** 63, len(z) - 10, 2 ** 64 - 1]):
        z64 = struct.pack("<IIQI", 0x07064B50, 0, loc_off, 1)
        eo = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        cases[f"zip64-locator-{n}"] = z[:eocd] + z64 + eo
    rec = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 2 ** 40, 2 ** 40, 2 ** 62, 0)
    for cut in [0, 8, 20, 40, 55]:
        z64 = rec[:cut] + struct.pack("<IIQI", 0x07064B50, 0, eocd, 1)
        eo = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        cases[f"zip64-record-cut-{cut}"] = z[:eocd] + z64 + eo
    for name, (count, size, off) in {"cd-count-huge": (0xFFF0, 46, cd_off), "cd-offset-past": (1, 46, 2 ** 31),
                                     "cd-size-huge": (1, 0x7FFFFFFF, cd_off), "cd-offset-zero": (2, 46, 0)}.items():
        cases[f"eocd-{name}"] = z[:eocd] + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, off, 0)
    cases["eocd-comment-long"] = z[:-2] + struct.pack("<H", 0xFFFF)
    cases["two-eocds"] = z + z[eocd:]
    # Central entries with lying sizes, name lengths and local offsets.
    body = bytearray(z)
    cen = body.find(struct.pack("<I", 0x02014B50))
    for name, (field, fmt, value) in {"comp-size": (20, "<I", 0xFFFFFFFF), "uncomp-size": (24, "<I", 0x7FFFFFFF),
                                      "name-len": (28, "<H", 0xFFFF), "extra-len": (30, "<H", 0xFFFF),
                                      "local-offset": (42, "<I", 0x7FFFFFF0), "method": (10, "<H", 99)}.items():
        b = bytearray(body)
        b[cen + field:cen + field + struct.calcsize(fmt)] = struct.pack(fmt, value)
        cases[f"central-{name}"] = bytes(b)
    loc = body.find(struct.pack("<I", 0x04034B50))
    for name, (field, value) in {"local-name-len": (26, 0xFFFF), "local-extra-len": (28, 0xFFFF)}.items():
        b = bytearray(body)
        b[loc + field:loc + field + 2] = struct.pack("<H", value)
        cases[name] = bytes(b)
    for name, blob in cases.items():
        c.folder(f"zip2-{name}", "pt", {"pytorch_model.bin": blob}, config=opt_config, tokenizer=False)


def add_configs_more(c):
    """Every family's own config keys with absurd values, on the fixtures' weights (linked)."""
    families = {
        "qwen2-tiny": ["num_hidden_layers", "hidden_size", "num_attention_heads", "num_key_value_heads", "intermediate_size", "rms_norm_eps"],
        "gemma3-tiny": ["num_hidden_layers", "hidden_size", "num_attention_heads", "head_dim", "sliding_window", "rms_norm_eps"],
        "phi3-tiny": ["num_hidden_layers", "hidden_size", "num_attention_heads", "intermediate_size", "rms_norm_eps"],
        "pythia-tiny": ["num_hidden_layers", "hidden_size", "num_attention_heads", "intermediate_size", "rotary_pct", "layer_norm_eps"],
    }
    for family, keys in families.items():
        src = os.path.join(FIXTURES, "models", family)
        if not os.path.exists(os.path.join(src, "config.json")):
            continue
        base = json.load(open(os.path.join(src, "config.json")))
        weights = [w for w in os.listdir(src) if w.endswith(".safetensors") or w.endswith(".json") and w.startswith("model.")]
        for key in keys:
            for i, v in enumerate([-1, 0, 3, 2 ** 62, 10 ** 9, 1e-320, "x", None]):
                cfg = dict(base)
                cfg[key] = v
                name = f"{family}-{key}-{i}"
                c.folder(name, "cfg", {}, config=cfg, tokenizer=False)
                for w in weights:
                    os.symlink(os.path.abspath(os.path.join(src, w)), os.path.join(c.out, f"cfg-{name}", w))


def add_tokenizers_more(c):
    weights = st(llama_st())
    base = json.loads(tokenizer_json())
    def with_(**parts):
        t = dict(base)
        t.update(parts)
        return json.dumps(t).encode()
    for name, blob in {
        "normalizer-unknown": with_(normalizer={"type": "Evil"}),
        "normalizer-deep": with_(normalizer={"type": "Sequence", "normalizers": [{"type": "Sequence", "normalizers": []}] * 1000}),
        "pre-unknown": with_(pre_tokenizer={"type": "Evil"}),
        "pre-split-backtrack": with_(pre_tokenizer={"type": "Split", "pattern": {"Regex": "(a+)+$"}, "behavior": "Isolated"}),
        "pre-split-bad-regex": with_(pre_tokenizer={"type": "Split", "pattern": {"Regex": "(((("}, "behavior": "Isolated"}),
        "pre-split-huge-regex": with_(pre_tokenizer={"type": "Split", "pattern": {"Regex": "a" * 1_000_000}, "behavior": "Isolated"}),
        "decoder-unknown": with_(decoder={"type": "Evil"}),
        "decoder-replace-huge": with_(decoder={"type": "Replace", "pattern": {"String": "a"}, "content": "b" * 1_000_000}),
        "post-bos-huge": with_(post_processor={"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}],
                                               "special_tokens": {"<s>": {"id": "<s>", "ids": [2 ** 62], "tokens": ["<s>"]}}}),
        "model-null": with_(model=None),
        "vocab-array": with_(model={"type": "BPE", "vocab": [1, 2], "merges": []}),
        "merges-deep": with_(model={"type": "BPE", "vocab": base["model"]["vocab"], "merges": [[["a"]]]}),
        "added-500k": tokenizer_json(added=[{"id": 256 + i, "content": f"<t{i}>", "special": True} for i in range(500000)]),
        "unk-id-huge": with_(model={**base["model"], "unk_token": "zz"}),
        "byte-fallback-empty": with_(model={"type": "BPE", "vocab": {}, "merges": [], "byte_fallback": True}),
    }.items():
        c.folder(f"tok2-{name}", "tok", {"model.safetensors": weights, "tokenizer.json": blob})
    c.folder("tok2-config-fifo", "tok", {"model.safetensors": weights, "tokenizer_config.json": "FIFO"})
    c.folder("tok2-config-bos-wrong", "tok", {"model.safetensors": weights, "tokenizer_config.json": b'{"add_bos_token": "yes"}'})


def main():
    if sys.argv[1:2] == ["--seeds"]:
        out = sys.argv[2]
        os.makedirs(os.path.join(out, "gguf"), exist_ok=True)
        os.makedirs(os.path.join(out, "safetensors"), exist_ok=True)
        os.makedirs(os.path.join(out, "config"), exist_ok=True)
        open(os.path.join(out, "gguf", "tiny-llama.gguf"), "wb").write(gguf())
        small = {k: v for k, v in list(llama_st().items())[:3]}
        open(os.path.join(out, "safetensors", "tiny.safetensors"), "wb").write(st(small))
        open(os.path.join(out, "config", "llama.json"), "w").write(json.dumps(LLAMA_CONFIG))
        return
    c = Corpus(sys.argv[1])
    for add in (add_gguf, add_safetensors, add_pickle, add_configs, add_tokenizers, add_gguf_more, add_safetensors_more,
                add_pickle_more, add_zip_more, add_configs_more, add_tokenizers_more):
        add(c)
    c.gguf("fifo", b"")
    fifo = os.path.join(c.out, "gguf-fifo.gguf")
    os.remove(fifo)
    os.mkfifo(fifo)
    c.write()
    print(f"{len(c.cases)} cases in {c.out}")


if __name__ == "__main__":
    main()
