#!/bin/sh
# Seeds the fuzz corpora from the test fixtures and the shared corpus of real
# pastes and recordings. Corpora are not committed; run this before a campaign.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
shared=${ERRCODE_SHARED_CORPUS:-/work/shared/corpus}
mkdir -p "$here/corpus/decode" "$here/corpus/scan" "$here/corpus/parse_args"
for f in $(find "$root/tests/fixtures" "$shared" -type f 2>/dev/null); do
    name=$(printf '%s' "$f" | cksum | cut -d' ' -f1)
    cp "$f" "$here/corpus/decode/$name"
    # scan: chunk byte 0x05 (11-byte chunks), three piece sizes, then the text.
    { printf '\005\003\007\001\000'; cat "$f"; } > "$here/corpus/scan/$name"
done
i=0
for arg in 0x8088002E 2148139054 -2146893779 0xC0000005 3221225477 -1073741819 \
    404 404.1002 404/1002 449.5352 '(410, 1002)' 'status 429 substatus 3200' 0x 80070005 1 \
    FABRIC_E_NOT_PRIMARY fabric_e_not_primary E_ACCESSDENIED ERROR_FILE_NOT_FOUND \
    fabric:FABRIC_E_NOT_PRIMARY TooManyRequests 137 -1 503.3; do
    i=$((i + 1))
    printf '%s' "$arg" > "$here/corpus/parse_args/seed$i"
done
