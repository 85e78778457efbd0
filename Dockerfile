# Kairos container image. Build the jar first, then the image (README "Running on Kubernetes"):
#   ./mvnw -DskipTests package && docker build -t kairos:0.1.0 .
# The jar is split into Spring Boot's layers, so a code change rebuilds only the last layer.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY target/kairos-*.jar kairos.jar
RUN java -Djarmode=tools -jar kairos.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# A fixed non-root user, matching the chart's runAsUser; the image needs no root at run time.
RUN groupadd --system --gid 10001 kairos && useradd --system --uid 10001 --gid kairos --no-create-home kairos
# Kairos reads routes/, connectors/ and templates/ from its working directory; on Kubernetes ConfigMaps replace them.
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
COPY routes/ routes/
COPY connectors/ connectors/
COPY templates/ templates/
USER 10001:10001
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
