# Sourced by .ci/run: starts this machine's PostgreSQL for the
# allocation-service store tests and exports CASELOAD_TEST_POSTGRES.
# Idempotent; installs PostgreSQL from Debian's packages if it is missing.
pg_setup() {
	if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
	fi
	local ver
	ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
	if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$ver main"; then
		pg_createcluster "$ver" main >/dev/null
	fi
	if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -qx online; then
		pg_ctlcluster --skip-systemctl-redirect "$ver" main start
	fi
	local port
	port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')
	for _ in $(seq 1 30); do
		su postgres -c "psql -p $port -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
		sleep 1
	done
	su postgres -c "psql -p $port -qAtc \"SELECT 1 FROM pg_roles WHERE rolname='caseload'\"" | grep -q 1 ||
		su postgres -c "psql -p $port -qc \"CREATE ROLE caseload LOGIN PASSWORD 'caseload'\""
	su postgres -c "psql -p $port -qAtc \"SELECT 1 FROM pg_database WHERE datname='caseload_test'\"" | grep -q 1 ||
		su postgres -c "psql -p $port -qc 'CREATE DATABASE caseload_test OWNER caseload'"
	export CASELOAD_TEST_POSTGRES="postgres://caseload:caseload@127.0.0.1:$port/caseload_test?sslmode=disable"
	echo "PostgreSQL $ver on port $port: CASELOAD_TEST_POSTGRES set"
}
pg_setup
