#!/usr/bin/env bash
# deploy/local/cluster-certs.sh: a private CA and node certificates for the cluster's mutual TLS (Linktor:ClusterTls).
#
#   deploy/local/cluster-certs.sh <dir> <name>...
#
# <dir>/ca.pem, ca.key       the cluster CA: made on first use, then kept (every certificate in <dir> is signed by it)
# <dir>/<name>.pem, .key     one certificate per node name (kept when it exists and this CA signed it): EC P-256,
#                            extendedKeyUsage serverAuth + clientAuth, subjectAltName DNS:<name>
#
# A node is then configured with
#   Linktor__ClusterTls__CertificatePath=<dir>/<name>.pem  Linktor__ClusterTls__KeyPath=<dir>/<name>.key
#   Linktor__ClusterTls__CaPath=<dir>/ca.pem
# Keys are written 0600. ca.key mints certificates the whole cluster trusts: keep it off the nodes.
# Environment: LINKTOR_CERT_DAYS (node certificates' validity, default 825), LINKTOR_CA_DAYS (default 3650).
set -euo pipefail

(($# >= 2)) || {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
dir=$1
shift
command -v openssl >/dev/null || {
  echo "cluster-certs.sh: openssl is needed (apt-get install openssl)" >&2
  exit 1
}
mkdir -p -- "$dir"
chmod 700 -- "$dir"
umask 077

if [[ ! -s $dir/ca.pem || ! -s $dir/ca.key ]]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" -days "${LINKTOR_CA_DAYS:-3650}" -subj "/CN=Linktor cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 644 -- "$dir/ca.pem"
fi

for name in "$@"; do
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9.-]*$ ]] || {
    echo "cluster-certs.sh: '$name' is not a node name (letters, digits, '.', '-')" >&2
    exit 2
  }
  if [[ -s $dir/$name.pem && -s $dir/$name.key ]] &&
    openssl verify -CAfile "$dir/ca.pem" "$dir/$name.pem" >/dev/null 2>&1; then
    continue
  fi
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" -subj "/CN=$name" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -sha256 -days "${LINKTOR_CERT_DAYS:-825}" -out "$dir/$name.pem" -extfile <(printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:$name") 2>/dev/null
  rm -f -- "$dir/$name.csr"
  chmod 644 -- "$dir/$name.pem"
done
