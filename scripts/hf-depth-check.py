# Compares tokengen's depth views (lens_mid, attribution, grid) on the default model with HF transformers hooks.
# Needs torch, transformers, gguf and accelerate (not TokenGen dependencies), e.g. in a venv.
# Usage: python scripts/hf-depth-check.py .build/release/tokengen "prompt"   (from the repository root)
import os, sys, json, subprocess, torch
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from transformers import AutoModelForCausalLM
torch.set_num_threads(2)
bin_, prompt = sys.argv[1], sys.argv[2]
doc = json.loads(subprocess.run([bin_, "analyze", "--json", "--grid", "--prompt", prompt], capture_output=True, text=True, cwd=ROOT).stdout)
ids = [t["id"] for t in doc["tokens"]] if "tokens" in doc else None
model = AutoModelForCausalLM.from_pretrained(ROOT + "/data/models", gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf", dtype=torch.float32, attn_implementation="eager").eval()
x = torch.tensor([ids])
L = model.config.num_hidden_layers
pre, attn_out, oproj_in = {}, {}, {}
for i, layer in enumerate(model.model.layers):
    layer.register_forward_pre_hook(lambda m, a, i=i: pre.__setitem__(i, a[0].detach()))
    layer.self_attn.register_forward_hook(lambda m, a, o, i=i: attn_out.__setitem__(i, o[0].detach()))
    layer.self_attn.o_proj.register_forward_pre_hook(lambda m, a, i=i: oproj_in.__setitem__(i, a[0].detach()))
with torch.no_grad():
    out = model(x, output_hidden_states=True)
    H = out.hidden_states  # L+1 entries, last is after final norm? (HF: last hidden state is post-norm)
    q = len(ids) - 1
    W = model.lm_head.weight; g = model.model.norm.weight; eps = model.model.norm.variance_epsilon
    def lens(v): return torch.log_softmax(model.lm_head(model.model.norm(v)), -1)
    # lens_mid
    worst_mid = 0.0
    for l in range(L):
        mid = pre[l][0, q] + attn_out[l][0, q]
        lp = lens(mid)
        ours = doc["lens_mid"][l]
        assert ours["layer"] == l + 1
        for e in ours["top"]:
            worst_mid = max(worst_mid, abs(lp[e["id"]].item() - e["logprob"]))
        top1 = int(lp.argmax()); assert top1 == ours["top"][0]["id"] or abs(lp[top1].item() - ours["top"][0]["logprob"]) < 1e-3, (l, top1, ours["top"][0])
    print(f"lens_mid: 30 blocks, max |Δ logprob| over our top-10 = {worst_mid:.2e}")
    # attribution, frozen final-norm scale at resid[L] (pre-norm residual = last layer output)
    residL = pre[L-1][0, q] + attn_out[L-1][0, q]
    residL = residL + model.model.layers[L-1].mlp(model.model.layers[L-1].post_attention_layernorm(residL))
    s = torch.rsqrt(residL.pow(2).mean() + eps)
    a = doc["attribution"]; t = a["target"]["id"]
    d = W[t] * g * s
    total = model.lm_head(model.model.norm(residL))[t].item()
    embed = (d @ pre[0][0, q]).item()
    print(f"attribution target {a['target']}: total ours {a['total']:.5f} HF {total:.5f}; embed ours {a['embed']:.5f} HF {embed:.5f}")
    worst = 0.0; worst_head = 0.0
    hd = model.config.hidden_size // model.config.num_attention_heads
    for l in range(L):
        attn = (d @ attn_out[l][0, q]).item()
        nxt = pre[l+1][0, q] if l + 1 < L else residL
        mlp = (d @ (nxt - pre[l][0, q] - attn_out[l][0, q])).item()
        ours = a["layers"][l]
        worst = max(worst, abs(attn - ours["attn"]), abs(mlp - ours["mlp"]))
        Wo = model.model.layers[l].self_attn.o_proj.weight
        z = oproj_in[l][0, q]
        for h in range(model.config.num_attention_heads):
            part = (d @ (Wo[:, h*hd:(h+1)*hd] @ z[h*hd:(h+1)*hd])).item()
            worst_head = max(worst_head, abs(part - ours["heads"][h]))
    print(f"attribution: max |Δ| attn/mlp over 30 blocks = {worst:.2e}, heads = {worst_head:.2e}; sum ours = {a['embed'] + sum(x['attn'] + x['mlp'] for x in a['layers']) + (a.get('bias') or 0):.5f}")
    # grid top-1 per layer and position
    grid = doc["grid"]; mism = 0; worstp = 0.0
    for l in range(L + 1):
        for tpos in range(len(ids)):
            if l < L: v = H[l][0, tpos]
            else:
                v = pre[L-1][0, tpos] + attn_out[L-1][0, tpos]
                v = v + model.model.layers[L-1].mlp(model.model.layers[L-1].post_attention_layernorm(v))
            lp = lens(v)
            top = int(lp.argmax())
            if top != grid["top_ids"][l][tpos]: mism += 1
            worstp = max(worstp, abs(lp[top].exp().item() - grid["top_probs"][l][tpos]))
    print(f"grid: {(L+1)*len(ids)} cells, top-1 mismatches {mism}, max |Δ prob| {worstp:.2e}")
