#!/usr/bin/env python3
"""Anchor embedding rates for `npm run bench:embed`: the same passages, embedded outside Node.

- onnxruntime (Python) running the very ONNX file kensaku loads, tokenised by the `tokenizers` library from the
  same tokenizer.json, mean pooling + L2 normalisation, "passage: " prefix, 512 tokens at most, intra-op threads 2.
  Modes: ort-single (one text per run), ort-sorted16 (batches of 16 after sorting by token count; the sort is
  timed), ort-par (one session of intra-op 1 thread per --threads, each on its own Python thread taking the next
  text: onnxruntime releases the GIL while it runs).

Input: a JSON file {"texts": [...]}: the chunk texts the indexer embeds, without the e5 prefix (the runner adds
"passage: " itself).

Two ways to run:
- one-shot (default): every mode over all texts, one JSON object on stdout; each mode bounded by --deadline s.
- --serve: JSON lines on stdin/stdout so the TS bench can interleave anchors with its own variants in rounds:
    {"cmd": "run", "mode": "ort-single", "ids": [0, 1, ...], "keep": 2}  ->  one result object per line
    {"cmd": "quit"}
  The first line written is {"ready": true, ...versions and load times}.
Progress and diagnostics go to stderr.
"""
import argparse
import json
import os
import sys
import time

MODES = ("ort-single", "ort-sorted16", "ort-par")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def mean_pool_normalise(np, hidden, mask):
    m = mask[:, :, None].astype(np.float32)
    pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


class OrtRunner:
    def __init__(self, onnx, tokenizer_file, threads, np):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.np = np
        t0 = time.perf_counter()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(onnx, sess_options=opts, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(tokenizer_file)
        self.tokenizer.enable_truncation(max_length=512)
        pad_id = self.tokenizer.token_to_id("<pad>")
        self.tokenizer.enable_padding(pad_id=1 if pad_id is None else pad_id, pad_token="<pad>")
        self.load_s = time.perf_counter() - t0
        self.version = ort.__version__
        self.tokenize_s = 0.0
        self.run_s = 0.0

    def embed(self, texts):
        np = self.np
        a = time.perf_counter()
        encs = self.tokenizer.encode_batch(["passage: " + t for t in texts])
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        b = time.perf_counter()
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(["last_hidden_state"], feeds)[0]
        out = mean_pool_normalise(np, hidden, mask)
        self.tokenize_s += b - a
        self.run_s += time.perf_counter() - b
        return out

    def count_tokens(self, text):
        return len(self.tokenizer.encode("passage: " + text).ids)


class OrtParallel:
    """`n` one-thread sessions, each text on the next free one (what kensaku's indexing worker pool does)."""

    def __init__(self, onnx, tokenizer_file, n, np):
        from concurrent.futures import ThreadPoolExecutor
        import queue

        self.np = np
        t0 = time.perf_counter()
        self.runners = [OrtRunner(onnx, tokenizer_file, 1, np) for _ in range(n)]
        self.free = queue.Queue()
        for r in self.runners:
            self.free.put(r)
        self.pool = ThreadPoolExecutor(max_workers=n)
        self.load_s = time.perf_counter() - t0
        self.version = self.runners[0].version
        self.tokenize_s = 0.0
        self.run_s = 0.0

    def _one(self, text):
        r = self.free.get()
        try:
            return r.embed([text])[0]
        finally:
            self.free.put(r)

    def embed(self, texts):
        a = time.perf_counter()
        out = self.np.stack(list(self.pool.map(self._one, texts)))
        self.run_s += time.perf_counter() - a
        return out

    def count_tokens(self, text):
        return self.runners[0].count_tokens(text)


class Anchors:
    def __init__(self, args, np, texts):
        self.args = args
        self.np = np
        self.texts = texts
        self.runners = {}
        self.info = {"threads": args.threads, "texts": len(texts), "python": sys.version.split()[0],
                     "numpy": np.__version__}

    def runner(self, mode):
        kind = "ortpar" if mode == "ort-par" else "ort"
        if kind not in self.runners:
            if kind == "ortpar":
                r = OrtParallel(self.args.onnx, self.args.tokenizer, self.args.threads, self.np)
                self.info["onnxruntime"] = r.version
            else:
                r = OrtRunner(self.args.onnx, self.args.tokenizer, self.args.threads, self.np)
                self.info["onnxruntime"] = r.version
            self.info[f"{kind}_load_s"] = r.load_s
            r.embed(self.texts[:2])  # warm-up, not timed
            self.runners[kind] = r
        return self.runners[kind]

    def run(self, mode, ids, keep=0, deadline_s=None):
        """Embeds texts[ids] with `mode`; returns timing (and the first `keep` vectors in ids order)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode}")
        r = self.runner(mode)
        r.tokenize_s = r.run_s = 0.0
        start = time.perf_counter()
        if mode == "ort-single":
            batches = [[i] for i in ids]
        elif mode == "ort-par":  # every text at once: the pool hands them out one by one
            batches = [list(ids)]
        else:  # sorted16: the sort is part of the strategy, timed like Node's embedInBatches
            order = sorted(ids, key=lambda i: (r.count_tokens(self.texts[i]), i))
            batches = [order[s:s + 16] for s in range(0, len(order), 16)]
        sort_s = time.perf_counter() - start
        done = 0
        partial = False
        vectors = {}
        wanted = set(ids[:keep])
        for batch in batches:
            if deadline_s is not None and time.perf_counter() - start > deadline_s:
                partial = True
                break
            out = r.embed([self.texts[i] for i in batch])
            for k, i in enumerate(batch):
                if i in wanted:
                    vectors[i] = [round(float(x), 6) for x in out[k]]
            done += len(batch)
        seconds = time.perf_counter() - start
        row = {"mode": mode, "passages": done, "seconds": seconds, "rate": done / seconds if seconds > 0 else 0.0,
               "partial": partial, "tokenize_s": r.tokenize_s, "run_s": r.run_s, "sort_s": sort_s}
        if keep:
            row["vectors"] = [vectors[i] for i in ids[:keep] if i in vectors]
        return row


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    # tools/bench/anchors -> the project root -> ../shared beside it.
    model_dir = os.path.abspath(os.path.join(here, "..", "..", "..", "..", "shared", "models", "multilingual-e5-small"))
    p = argparse.ArgumentParser()
    p.add_argument("--texts", required=True, help='JSON file {"texts": [...]}')
    p.add_argument("--onnx", default=os.path.join(model_dir, "onnx", "model_quantized.onnx"))
    p.add_argument("--tokenizer", default=os.path.join(model_dir, "tokenizer.json"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--modes", default=",".join(MODES), help="modes to load (serve) or run (one-shot)")
    p.add_argument("--deadline", type=float, default=600.0, help="seconds per mode (one-shot)")
    p.add_argument("--serve", action="store_true")
    args = p.parse_args()

    import numpy as np

    with open(args.texts, encoding="utf-8") as f:
        texts = json.load(f)["texts"]
    anchors = Anchors(args, np, texts)
    modes = [m for m in args.modes.split(",") if m]

    if not args.serve:
        result = dict(anchors.info, results=[], errors=[])
        for mode in modes:
            try:
                row = anchors.run(mode, list(range(len(texts))), keep=0, deadline_s=args.deadline)
                log(f"  {mode}: {row['passages']} passages in {row['seconds']:.1f} s = {row['rate']:.1f}/s")
                result["results"].append(row)
            except Exception as e:  # report, keep the other anchors
                log(f"  {mode}: failed: {e!r}")
                result["errors"].append({"mode": mode, "error": repr(e)})
        result.update(anchors.info)
        print(json.dumps(result), flush=True)
        return

    errors = []
    for mode in modes:  # load (and warm) everything before the first timed command
        try:
            anchors.runner(mode)
        except Exception as e:
            errors.append({"mode": mode, "error": repr(e)})
            log(f"  {mode}: failed to load: {e!r}")
    print(json.dumps(dict(anchors.info, ready=True, errors=errors)), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req.get("cmd") == "quit":
            break
        try:
            row = anchors.run(req["mode"], req["ids"], keep=int(req.get("keep", 0)), deadline_s=req.get("deadline"))
        except Exception as e:
            row = {"mode": req.get("mode"), "error": repr(e)}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
