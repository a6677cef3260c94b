# Compares tokengen's activation patching on the default model with HF transformers hooks.
# Needs torch, transformers, gguf and accelerate (not TokenGen dependencies), e.g. in a venv.
# Usage: python scripts/hf-patch-check.py .build/release/tokengen "clean prompt" "corrupted prompt (same token count)"
import os, sys, json, subprocess, torch
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from transformers import AutoModelForCausalLM
torch.set_num_threads(2)
bin_, clean, corrupt = sys.argv[1:4]
doc = json.loads(subprocess.run([bin_, "analyze", "--json", "--prompt", clean, "--patch", corrupt], capture_output=True, text=True, cwd=ROOT).stdout)
p = doc["patching"]
model = AutoModelForCausalLM.from_pretrained(ROOT + "/data/models", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32, attn_implementation="eager").eval()
ids_c = torch.tensor([[t["id"] for t in doc["tokens"]]])
doc2 = json.loads(subprocess.run([bin_, "tokenize", "--json", "--text", corrupt], capture_output=True, text=True, cwd=ROOT).stdout)
ids_x = torch.tensor([doc2["ids"]])
L = model.config.num_hidden_layers
a, f = p["answer"]["id"], p["foil"]["id"]
resid = {}
hooks = [model.model.layers[i].register_forward_pre_hook(lambda m, args, i=i: resid.__setitem__(i, args[0].detach().clone())) for i in range(L)]
hooks.append(model.model.norm.register_forward_pre_hook(lambda m, args: resid.__setitem__(L, args[0].detach().clone())))
with torch.no_grad():
    lc = model(ids_c).logits[0, -1]; clean_resid = dict(resid)
    lx = model(ids_x).logits[0, -1]
for h in hooks: h.remove()
cd, xd = (lc[a] - lc[f]).item(), (lx[a] - lx[f]).item()
print(f"answer {p['answer']} foil {p['foil']}: clean diff ours {p['clean_logit_diff']:.5f} HF {cd:.5f}; corrupted ours {p['corrupted_logit_diff']:.5f} HF {xd:.5f}")
worst = 0.0
T = ids_c.shape[1]
for l in range(L + 1):
    for t in range(T):
        def patch(m, args, l=l, t=t):
            h = args[0].clone(); h[0, t] = clean_resid[l][0, t]; return (h,) + args[1:]
        mod = model.model.norm if l == L else model.model.layers[l]
        hk = mod.register_forward_pre_hook(patch)
        with torch.no_grad(): lo = model(ids_x).logits[0, -1]
        hk.remove()
        v = ((lo[a] - lo[f]).item() - xd) / (cd - xd)
        worst = max(worst, abs(v - p["values"][l][t]))
print(f"patching: {(L+1)*T} cells, max |Δ value| {worst:.2e}")
