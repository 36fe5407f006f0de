#!/usr/bin/env bash
# An RTMP server on loopback (nginx with Debian's libnginx-mod-rtmp) for the RTMP push test.
# Listens on 127.0.0.1:19350, application "live". Safe to run twice.
set -euo pipefail
if ! command -v nginx >/dev/null 2>&1 || [ ! -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-rtmp >/dev/null
fi
dir=/tmp/videochat-rtmp
mkdir -p "$dir"
cat > "$dir/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
rtmp {
  server {
    listen 127.0.0.1:19350;
    application live {
      live on;
      record off;
    }
  }
}
CONF
# A pid file left from an earlier boot may name a pid that now belongs to another process: only an nginx counts.
pid=$(cat "$dir/nginx.pid" 2>/dev/null || true)
if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nginx ]; then
  echo "nginx-rtmp already running"
else
  nginx -c "$dir/nginx.conf" -p "$dir"
  echo "nginx-rtmp listening on 127.0.0.1:19350"
fi
