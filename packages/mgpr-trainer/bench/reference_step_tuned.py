"""Tuned PyTorch reference of one MGPR training iteration: the same model, losses, optimizer and
shapes as reference_step.py (the straightforward version, kept), written the way a PyTorch user
tuning for CPU would (issue 19, from torch.profiler on reference_step.py: bmm 20%, mm 16%,
copies 15%, the [b, h, n, n] division 11%, softmax 9%, mask add 6%):
- the 1/sqrt(d) scale applied to Q ([b, n, D]) instead of dividing the [b, h, n, n] scores, and
  the mask bias added in place (baddbmm with the bias folded in was slower here: it materialises
  the broadcast bias);
- heads laid out once for bmm; guidance forwards under inference_mode; Adam with foreach=True;
- optionally TorchScript (`--script`): measured here, see README (kept only if faster).
Prints one JSON line. Usage: python3 reference_step_tuned.py D TUBE_N VIDEOLET_N BAGS ITERS [WARMUP=1] [--script]"""
import json, sys, time
import torch
torch.manual_seed(0)
D, NT, NV, B, IT = (int(x) for x in sys.argv[1:6])
# warm-up iterations before the IT timed ones (bench/step.ts passes its own count, so both sides warm up alike)
WARM = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[6].isdigit() else 1
SCRIPT = '--script' in sys.argv
H = 8
DH = D // H

class Branch(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.h, s.dh, s.d = H, DH, D
        s.q = torch.nn.Linear(D, D, bias=False)
        s.k = torch.nn.Linear(D, D, bias=False)
        s.v = torch.nn.Linear(D, D, bias=False)
        s.f1 = torch.nn.Linear(D, 512); s.f2 = torch.nn.Linear(512, 32); s.f3 = torch.nn.Linear(32, 1)
        s.drop = torch.nn.Dropout(0.6)
    def heads(s, t: torch.Tensor) -> torch.Tensor:
        return t.view(t.shape[0], t.shape[1], s.h, s.dh).transpose(1, 2)
    def forward(s, x, mask):
        b, n = x.shape[0], x.shape[1]
        # the scale on Q's weights' output ([b, n, D]) rather than on the [b, H, n, n] scores; the mask bias added in
        # place
        q, k, v = s.heads(s.q(x) * (s.dh ** -0.5)), s.heads(s.k(x)), s.heads(s.v(x))
        att = torch.matmul(q, k.transpose(-1, -2)).add_(((1 - mask) * -1e9)[:, None, None, :]).softmax(-1)
        o = torch.matmul(att, v).transpose(1, 2).reshape(b, n, s.d) + x
        return torch.sigmoid(s.f3(s.drop(s.f2(s.drop(torch.relu(s.f1(o))))))).squeeze(-1)

def step(br, other, opt, x, ox, mask, labels):
    pos = labels == 1
    with torch.inference_mode():
        other.eval(); g = other(ox[pos], mask[pos])
    g = g.clone()  # leave inference mode: a plain tensor for gather under autograd
    br.train(); opt.zero_grad(set_to_none=True)
    s = br(x, mask); m = (s - (1 - mask) * 2).max(1)
    a, n = m.values[pos], m.values[~pos]
    w = g.gather(1, m.indices[pos][:, None]).squeeze(1)
    rank = (torch.relu(1 - a[:, None] + n[None, :]) * w[:, None]).mean()
    ce = -(torch.log(a.clamp(1e-7, 1 - 1e-7)).mean() + torch.log((1 - n).clamp(1e-7, 1 - 1e-7)).mean())
    l2 = 1e-3 * sum((p ** 2).sum() for nme, p in br.named_parameters() if nme.startswith('f') and 'weight' in nme)
    loss = rank + ce + l2; loss.backward(); opt.step(); return float(loss)

tube, tem = Branch(), Branch()
if SCRIPT:
    tube, tem = torch.jit.script(tube), torch.jit.script(tem)
ot, ov = torch.optim.Adam(tube.parameters(), 5e-4, foreach=True), torch.optim.Adam(tem.parameters(), 5e-4, foreach=True)
labels = torch.tensor([1] * (B // 2) + [0] * (B - B // 2))
xt, xi, xv = torch.randn(B, NT, D), torch.randn(B, NT, D), torch.randn(B, NV, D)
mt, mv = torch.ones(B, NT), torch.ones(B, NV)
times, cpu, tube_times = [], [], []  # tube_times: the tube step alone (guidance forward included)
W = max(WARM, 2) if SCRIPT else WARM  # TorchScript's profiling executor optimises after two runs
for i in range(IT + W):
    t0, c0 = time.time(), time.process_time()
    step(tem, tube, ov, xv, xv, mv, labels)
    t1 = time.time()
    step(tube, tem, ot, xt, xi, mt, labels)
    if i >= W:
        times.append(time.time() - t0); cpu.append(time.process_time() - c0); tube_times.append(time.time() - t1)

print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "script": SCRIPT,
    "seconds_per_iteration": sum(times) / len(times),
    "cpu_seconds_per_iteration": sum(cpu) / len(cpu),
    "tube_step_seconds": sum(tube_times) / len(tube_times),
}))
