#!/usr/bin/env bash
# Writes a man page for tokengen from its --help output.
set -euo pipefail
bin="$(readlink -f "$1")" out="$2"
{
  echo '.TH TOKENGEN 1 "" "TokenGen" "User Commands"'
  echo '.SH NAME'
  echo 'tokengen \- see how a transformer language model arrives at its next token'
  echo '.SH DESCRIPTION'
  echo '.nf'
  "$bin" --help | sed 's/\\/\\\\/g; s/^\./\\\&./'
  for sub in doctor tokenize analyze download bench plugins; do
    if "$bin" help "$sub" >/dev/null 2>&1; then
      echo; echo ".SS $sub"
      "$bin" help "$sub" | sed 's/\\/\\\\/g; s/^\./\\\&./'
    fi
  done
  echo '.fi'
} > "$out"
