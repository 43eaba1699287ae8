#!/usr/bin/env bash
# The sharded execution under a real Slurm cluster (tools/slurm/cluster.sh start first; SLURM_CONF
# set): `sbatch --array` of tools/k8s/slurm-array.sbatch over one shared store, one shard cancelled
# mid-way and resubmitted (it must resume, reusing what it finished), `--merge-shards`, and the
# merged manifests compared byte for byte with a single-process run on a fresh store.
# Pipeline: synthetic-tiny's per-video stages (detect, link, features). Prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${WSSTAD_SLURM_SHARDS:-3}"
PIPELINE=synthetic-tiny
UNTIL=features
STAGES="detect link features"
WORK="$(mktemp -d /tmp/wsstad-slurm-test-XXXXXX)"
STORE="$WORK/store"
CLI="$(command -v node) --import tsx $PWD/packages/cli/src/bin.ts"
export NX_DAEMON=false NX_NO_CLOUD=true
say() { echo "slurm-array-test: $*"; }
fail() { say "FAILED: $*"; for f in "$WORK"/shard-*.log; do echo "--- $f"; tail -20 "$f"; done; exit 1; }

submit() { # <array spec> -> job id
  sbatch --parsable --array="$1" -o "$WORK/shard-%a${2:-}.log" \
    --export="ALL,WSSTAD_CMD=$CLI,WSSTAD_ARGS=--until $UNTIL --concurrency 1" \
    tools/k8s/slurm-array.sbatch "$PIPELINE" "$STORE" "$N"
}
wait_job() { while squeue -h -j "$1" 2>/dev/null | grep -q .; do sleep 1; done; }

t0=$(date +%s)
jid=$(submit "0-$((N - 1))")
say "submitted array job $jid: $N shards of $PIPELINE --until $UNTIL, shared store $STORE"
# Cancel shard 1 once its link stage is done (features still to come), then resubmit it.
victim=1
for _ in $(seq 1 600); do
  grep -qE "link.*(computed|up to date)" "$WORK/shard-$victim.log" 2>/dev/null && break
  squeue -h -j "${jid}_$victim" 2>/dev/null | grep -q . || break
  sleep 0.5
done
if squeue -h -j "${jid}_$victim" 2>/dev/null | grep -q .; then
  scancel "${jid}_$victim"
  say "cancelled shard $victim mid-way (after its link stage)"
  cancelled=1
else
  say "shard $victim finished before it could be cancelled; resubmitting it anyway"
  cancelled=0
fi
wait_job "$jid"
rjid=$(submit "$victim" "-resubmitted")
wait_job "$rjid"
grep -q "shard $victim/$N" "$WORK/shard-$victim-resubmitted.log" || fail "resubmitted shard log has no header"
if [ "$cancelled" = 1 ]; then
  grep -qE "detect.*(up to date|reused)" "$WORK/shard-$victim-resubmitted.log" \
    || fail "resubmitted shard did not reuse its finished detect results"
fi
for i in $(seq 0 $((N - 1))); do
  [ -f "$STORE/manifests/$PIPELINE/features.shard-$i-of-$N.json" ] || fail "shard $i wrote no features manifest"
done
$CLI run "$PIPELINE" --merge-shards --store "$STORE" >"$WORK/merge.log" 2>&1 \
  || fail "merge: $(tail -3 "$WORK/merge.log")"
say "merged $N shards in $(( $(date +%s) - t0 )) s"
$CLI run "$PIPELINE" --store "$WORK/single" --until "$UNTIL" --concurrency 2 --no-summary >"$WORK/single.log" 2>&1 \
  || fail "single-process run: $(tail -3 "$WORK/single.log")"
for s in $STAGES; do
  cmp -s "$STORE/manifests/$PIPELINE/$s.json" "$WORK/single/manifests/$PIPELINE/$s.json" \
    || fail "stage $s: merged manifest differs from the single-process run"
done
videos=$(grep -c '"key"' "$STORE/manifests/$PIPELINE/features.json" || true)
say "OK: $N shards (shard $victim cancelled=$cancelled and resubmitted), merged, $videos videos; "\
"manifests of $STAGES byte-identical to a single-process run"
rm -rf "$WORK"
