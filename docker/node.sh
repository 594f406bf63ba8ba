#!/bin/sh
# Starts one Skirmish node: Payara Micro with the WAR at /, settings from config/skirmish.properties and the
# environment (SKIRMISH_<KEY>, docs in that file). Used by docker/Dockerfile and by the cluster tests.
#   PAYARA_MICRO_JAR  the Payara Micro jar         SKIRMISH_WAR  the WAR
#   SKIRMISH_CONFIG   a settings file (optional)   SKIRMISH_SERVER_PORT  HTTP port (default 8080)
#   JAVA              the java command (default java)   JAVA_OPTS  JVM options
# In cluster mode set SKIRMISH_CLUSTER_REDIS_URL, SKIRMISH_CLUSTER_NODE_ID and SKIRMISH_SESSION_SECRET.
set -eu
: "${PAYARA_MICRO_JAR:?set PAYARA_MICRO_JAR}"
: "${SKIRMISH_WAR:?set SKIRMISH_WAR}"
# this JVM runs nothing but the node: a node that cannot start on its settings exits (status 78) instead of
# leaving Payara Micro up without the application
export SKIRMISH_SERVER_EXIT_ON_FAILED_START="${SKIRMISH_SERVER_EXIT_ON_FAILED_START:-true}"
# exec: the JVM gets the signals (SIGTERM is the graceful stop that hands rooms over)
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$PAYARA_MICRO_JAR" --deploy "$SKIRMISH_WAR" --contextroot / \
    --port "${SKIRMISH_SERVER_PORT:-8080}" --noHazelcast
