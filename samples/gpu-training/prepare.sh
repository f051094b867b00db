#!/usr/bin/env bash
# Packs .devbundle/ at the repository root for run.sh on a lent GPU machine: `superres` published self-contained
# without LibTorch (the machine's own PyTorch supplies it, since TorchSharp's CUDA packages cannot be restored
# here), the training data and each run's starting weights. The device tool carries it as an ignored path, and
# its transfer limit (64 MiB with the tracked files) is why BSD200 goes as a seeded subset.
#
# Usage: samples/gpu-training/prepare.sh <datasets/train folder> <runs file>
# Runs file, one run per line: name model scale patch batch lr seed warm-start-file [iterations]
# (iterations on every line skips run.sh's rate probe). BSD_COUNT (default 153) and BSD_SEED (35) pick the subset.
set -euo pipefail
train=$(realpath "$1")
runs=$(realpath "$2")
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
bundle=$root/.devbundle
rm -rf "$bundle"
mkdir -p "$bundle/data/T91" "$bundle/data/heldout" "$bundle/data/bsd" "$bundle/warm" "$bundle/app"

# The trimmer only reruns when the RID's intermediate folder is gone.
rm -rf "$root/samples/SuperRes.Cli/obj/Release/net10.0/linux-x64"
dotnet publish "$root/samples/SuperRes.Cli" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
  -p:TrimMode=partial -p:TreatWarningsAsErrors=false -p:SuppressTrimAnalysisWarnings=true \
  -p:JsonSerializerIsReflectionEnabledByDefault=true -o "$bundle/app/devapp" >/dev/null
(cd "$bundle/app/devapp" && rm -f libtorch* libc10* libgomp* ./*OpenCvSharpExtern* ./*.pdb ./*.xml libaoti_custom_ops.so \
  libbackend_with_compiler.so libjitbackend_test.so libnnapi_backend.so libshm.so libcoreclrtraceptprovider.so)
tar cJf "$bundle/app.tar.xz" -C "$bundle/app" devapp
rm -rf "$bundle/app"

find -L "$train/T91" -maxdepth 1 -type f \( -iname "*.png" -o -iname "*.bmp" -o -iname "*.jpg" \) -exec cp {} "$bundle/data/T91/" \;
# The held-out set of every round: every 20th BSD200 file in name order.
python3 - "$train/BSD200" "$bundle/data" "${BSD_COUNT:-153}" "${BSD_SEED:-35}" <<'PY'
import os, random, shutil, sys
src, out, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
names = sorted(n for n in os.listdir(src) if n.lower().endswith(('.png', '.bmp', '.jpg')))
held = set(names[19::20])
rest = [n for n in names if n not in held]
for n in held: shutil.copy(os.path.join(src, n), os.path.join(out, 'heldout', n))
for n in random.Random(seed).sample(rest, min(count, len(rest))): shutil.copy(os.path.join(src, n), os.path.join(out, 'bsd', n))
PY

grep -v '^\s*$' "$runs" > "$bundle/runs.txt"
while read -r name _ _ _ _ _ _ warm _; do
  cp "$warm" "$bundle/warm/$name.safetensors"
done < "$bundle/runs.txt"
cp "$(dirname "$0")/run.sh" "$bundle/run.sh"

size=$(( $(du -sb "$bundle" | cut -f1) + $(git -C "$root" ls-files -z | xargs -0 du -cb | tail -1 | cut -f1) ))
echo "$bundle: $((size / 1048576)) MiB with the tracked files (the device tool carries 64 MiB)"
[ "$size" -lt $((64 * 1048576)) ] || { echo "too large: lower BSD_COUNT" >&2; exit 1; }
