#!/usr/bin/env bash
# Runs every line of .devbundle/runs.txt side by side on one GPU with SuperRes's own Trainer, each cosine sized to
# end END_S seconds after the start, and leaves the runs' folders (model, curve, checkpoint, log) in
# $OUT/main.tar.gz. LibTorch comes from the machine's PyTorch (TORCH_LIB overrides); TorchSharp 0.107 is built
# against LibTorch 2.10 and ran on 2.11's. Without iterations in the runs file, a 21-second probe of all runs
# side by side on T91 measures each one's rate under sharing first.
#
# Usage (device tool, carrying .devbundle): END_S=550 bash .devbundle/run.sh
set -u
bundle=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-/tmp/superres-gpu}
out=${OUT:-$work/out}
end_s=${END_S:-470}
load_s=${LOAD_S:-15}
device=${DEVICE:-cuda}
t0=$(date +%s)
log() { echo "[$(( $(date +%s) - t0 ))s] $*"; }
left() { echo $(( end_s - ($(date +%s) - t0) )); }

# A machine still warm from an earlier call keeps $work: start from none of its runs.
rm -rf "$work/probe" "$work/main" "$work"/*.it
mkdir -p "$work" "$out" && tar xJf "$bundle/app.tar.xz" -C "$work" || { log "cannot unpack the program"; exit 1; }
app=$work/devapp/superres
torch_lib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
export LD_LIBRARY_PATH=$torch_lib DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
log "LibTorch from $torch_lib; $(nvidia-smi -L 2>/dev/null | head -1)"

data=$bundle/data
mapfile -t runs < "$bundle/runs.txt"
common="--image-scales 1,0.9,0.8,0.7,0.6 --loss mse --schedule cosine --loss-border auto --device $device --threads 3"

# phase <name> <training folders> <minutes>: every run side by side, iterations from $work/<name>.<run>.it.
phase() {
  local phase=$1 train=$2 minutes=$3 pids=""
  for line in "${runs[@]}"; do
    set -- $line
    local iterations extra=""
    iterations=$(cat "$work/$phase.$1.it" 2>/dev/null || echo 10000000)
    [ "$phase" = main ] && extra="--val $data/heldout --val-every $(( iterations / 20 )) --checkpoint-every $(( iterations / 20 ))"
    mkdir -p "$work/$phase/$1"
    "$app" train --model "$2" --scale "$3" --train "$train" --out "$work/$phase/$1/$2_x$3.safetensors" --patch "$4" \
      --batch "$5" --lr "$6" --seed "$7" --iterations "$iterations" --minutes "$minutes" \
      --warm-start "$bundle/warm/$1.safetensors" $common $extra > "$work/$phase/$1/log.txt" 2>&1 &
    pids="$pids $!"
  done
  wait $pids
}
summary() { tr '\r' '\n' < "$1" | grep -E "$2" | tail -2 | tr '\n' ' '; }

if awk 'NF < 9 { exit 1 }' "$bundle/runs.txt"; then
  for line in "${runs[@]}"; do set -- $line; echo "$9" > "$work/main.$1.it"; done
else
  phase probe "$data/T91" 0.35
  for line in "${runs[@]}"; do
    set -- $line
    log "probe $1: $(summary "$work/probe/$1/log.txt" 'Training on|TimeBudget|rror')"
    probed=$(grep -Eo 'TimeBudget: [0-9]+' "$work/probe/$1/log.txt" | grep -Eo '[0-9]+$') || { log "probe $1 failed"; exit 2; }
    # The probe ran 21 s; the cosine is sized in whole thousands to end 30 s before END_S once the data has loaded.
    iterations=$(( probed * ($(left) - load_s - 30) / 21 / 1000 * 1000 ))
    echo $(( iterations < 1000 ? 1000 : iterations )) > "$work/main.$1.it"
  done
fi
for line in "${runs[@]}"; do set -- $line; log "main $1: $(cat "$work/main.$1.it") iterations"; done
minutes=$(python3 -c "print(round(($(left) - 30) / 60, 2))")
log "main phase, each run stopped after $minutes min at the latest"
phase main "$data/T91,$data/T91,$data/T91,$data/bsd" "$minutes"
for line in "${runs[@]}"; do set -- $line; log "main $1: $(summary "$work/main/$1/log.txt" 'Training on|Completed|TimeBudget|rror')"; done
(cd "$work" && tar czf "$out/main.tar.gz" main)
log "done: $out/main.tar.gz"
