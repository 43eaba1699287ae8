"""PyTorch reference of one MGPR training iteration (same shapes and ops as bench/step.ts):
8-head self-attention (no bias, residual) + scorer D-512-32-1 with dropout 0.6, masked max,
hinge ('all' pairs) weighted by guidance + CE + L2, Adam; temporal step then tube step.
Prints one JSON line. Usage: python3 reference_step.py D TUBE_N VIDEOLET_N BAGS ITERS [WARMUP=1]"""
import json, sys, time
import torch
torch.manual_seed(0)
D, NT, NV, B, IT = (int(x) for x in sys.argv[1:6])
# warm-up iterations before the IT timed ones (bench/step.ts passes its own count, so both sides warm up alike)
WARM = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[6].isdigit() else 1
H = 8

class Branch(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.q = torch.nn.Linear(D, D, bias=False)
        s.k = torch.nn.Linear(D, D, bias=False)
        s.v = torch.nn.Linear(D, D, bias=False)
        s.f1 = torch.nn.Linear(D, 512); s.f2 = torch.nn.Linear(512, 32); s.f3 = torch.nn.Linear(32, 1)
        s.drop = torch.nn.Dropout(0.6)
    def forward(s, x, mask):
        b, n, _ = x.shape
        h = lambda t: t.view(b, n, H, D // H).transpose(1, 2)
        q, k, v = h(s.q(x)), h(s.k(x)), h(s.v(x))
        att = (q @ k.transpose(-1, -2)) / (D // H) ** 0.5 + (1 - mask)[:, None, None, :] * -1e9
        o = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, n, D) + x
        return torch.sigmoid(s.f3(s.drop(s.f2(s.drop(torch.relu(s.f1(o))))))).squeeze(-1)

def step(br, other, opt, x, ox, mask, labels):
    with torch.no_grad():
        other.eval(); g = other(ox[labels == 1], mask[labels == 1])
    br.train(); opt.zero_grad()
    s = br(x, mask); m = (s - (1 - mask) * 2).max(1)
    a, n = m.values[labels == 1], m.values[labels == 0]
    w = g.gather(1, m.indices[labels == 1][:, None]).squeeze(1)
    rank = (torch.relu(1 - a[:, None] + n[None, :]) * w[:, None]).mean()
    ce = -(torch.log(a.clamp(1e-7, 1 - 1e-7)).mean() + torch.log((1 - n).clamp(1e-7, 1 - 1e-7)).mean())
    l2 = 1e-3 * sum((p ** 2).sum() for nme, p in br.named_parameters() if nme.startswith('f') and 'weight' in nme)
    loss = rank + ce + l2; loss.backward(); opt.step(); return float(loss)

tube, tem = Branch(), Branch()
ot, ov = torch.optim.Adam(tube.parameters(), 5e-4), torch.optim.Adam(tem.parameters(), 5e-4)
labels = torch.tensor([1] * (B // 2) + [0] * (B - B // 2))
xt, xi, xv = torch.randn(B, NT, D), torch.randn(B, NT, D), torch.randn(B, NV, D)
mt, mv = torch.ones(B, NT), torch.ones(B, NV)
times, cpu, tube_times = [], [], []  # tube_times: the tube step alone (guidance forward included)
for i in range(IT + WARM):
    t0, c0 = time.time(), time.process_time()
    step(tem, tube, ov, xv, xv, mv, labels)
    t1 = time.time()
    step(tube, tem, ot, xt, xi, mt, labels)
    if i >= WARM:
        times.append(time.time() - t0); cpu.append(time.process_time() - c0); tube_times.append(time.time() - t1)
print(json.dumps({
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "seconds_per_iteration": sum(times) / len(times),
    "cpu_seconds_per_iteration": sum(cpu) / len(cpu),
    "tube_step_seconds": sum(tube_times) / len(tube_times),
}))
