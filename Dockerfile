# One image recipe for both applications, built from the repository root:
#   docker build --build-arg APP=label-api --build-arg PORT=8080 -t label-api .
#   docker build --build-arg APP=push-gateway --build-arg PORT=8081 \
#     --build-arg JAVA_OPTS="-XX:+UseParallelGC -XX:MaxRAMPercentage=75" -t push-gateway .
# The build stage compiles both applications and does not depend on APP, so the second
# image reuses it from the cache instead of compiling again.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Dmaven.test.skip=true -Dspring-javaformat.skip=true -pl label-api,push-gateway -am package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 labelpush
ARG APP
ARG PORT
# The parallel collector halves the gateway's fan-out lag against G1 on small machines
# (docs/benchmarks.md); label-api keeps the default. Operators may set JAVA_OPTS at run time.
ARG JAVA_OPTS="-XX:MaxRAMPercentage=75"
ENV PORT=${PORT} JAVA_OPTS=${JAVA_OPTS}
COPY --from=build /src/${APP}/target/${APP}-*-exec.jar /app/app.jar
USER labelpush
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
	CMD curl -fsS "http://127.0.0.1:${PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar \"$@\"", "app"]
