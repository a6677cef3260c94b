# One HF transformers run (forward + attentions + lens at every layer of the last position), 2 threads.
# Needs torch, transformers, gguf and accelerate (not TokenGen dependencies).
# Usage: python scripts/hf-baseline.py IDS_FILE (comma-separated ids) → "HF N tokens: S s"
import os, sys, time, torch
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from transformers import AutoModelForCausalLM
torch.set_num_threads(2)
model = AutoModelForCausalLM.from_pretrained(ROOT + "/data/models", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32, attn_implementation="eager").eval()
ids = [int(x) for x in open(sys.argv[1]).read().strip().split(",")]
x = torch.tensor([ids])
t = time.time()
with torch.no_grad():
    out = model(x, output_hidden_states=True, output_attentions=True)
    last = torch.stack([h[0, -1] for h in out.hidden_states])
    model.lm_head(model.model.norm(last)).log_softmax(-1).topk(10, dim=-1)
print(f"HF {len(ids)} tokens: {time.time()-t:.2f} s", flush=True)
