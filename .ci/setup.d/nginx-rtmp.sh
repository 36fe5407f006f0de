#!/usr/bin/env bash
# An RTMP server on loopback (nginx with Debian's libnginx-mod-rtmp) for the RTMP push test.
# Listens on 127.0.0.1:19350, application "live". Safe to run twice.
set -euo pipefail
if ! ls /usr/lib/nginx/modules/ngx_rtmp_module.so >/dev/null 2>&1; then
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
if [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null; then
  echo "nginx-rtmp already running"
else
  nginx -c "$dir/nginx.conf" -p "$dir"
  echo "nginx-rtmp listening on 127.0.0.1:19350"
fi
