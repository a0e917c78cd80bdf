# A Linktor silo (cluster member). Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t linktor-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Linktor.Contracts/Linktor.Contracts.csproj src/Linktor.Contracts/
COPY src/Linktor.Storage/Linktor.Storage.csproj src/Linktor.Storage/
COPY grains/Linktor.Grains/Linktor.Grains.csproj grains/Linktor.Grains/
COPY adapters/Linktor.Adapters.Abstractions/Linktor.Adapters.Abstractions.csproj adapters/Linktor.Adapters.Abstractions/
COPY adapters/Linktor.Adapters.WebChat/Linktor.Adapters.WebChat.csproj adapters/Linktor.Adapters.WebChat/
COPY adapters/Linktor.Adapters.WhatsApp/Linktor.Adapters.WhatsApp.csproj adapters/Linktor.Adapters.WhatsApp/
COPY adapters/Linktor.Adapters.Telegram/Linktor.Adapters.Telegram.csproj adapters/Linktor.Adapters.Telegram/
COPY adapters/Linktor.Adapters.Twilio/Linktor.Adapters.Twilio.csproj adapters/Linktor.Adapters.Twilio/
COPY silo/Linktor.Silo.Hosting/Linktor.Silo.Hosting.csproj silo/Linktor.Silo.Hosting/
COPY silo/Linktor.Silo/Linktor.Silo.csproj silo/Linktor.Silo/
RUN dotnet restore silo/Linktor.Silo/Linktor.Silo.csproj
COPY src/ src/
COPY grains/ grains/
COPY adapters/ adapters/
COPY silo/ silo/
RUN dotnet publish silo/Linktor.Silo/Linktor.Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# 8080: health endpoints (/health/live, /health/ready); 11111: silo-to-silo; 30000: gateway for API nodes.
# Copies of inbound attachments (Linktor:Media): a volume shared with the API nodes, or an S3 bucket instead.
RUN mkdir -p /var/lib/linktor/media && chown "$APP_UID" /var/lib/linktor/media
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Linktor__Hosting__Mode=Cluster \
    Linktor__Hosting__SiloPort=11111 \
    Linktor__Hosting__GatewayPort=30000 \
    Linktor__Media__Path=/var/lib/linktor/media
EXPOSE 8080 11111 30000
USER $APP_UID
# dotnet is PID 1 and gets SIGTERM itself: the silo drains and leaves the cluster before it exits.
ENTRYPOINT ["dotnet", "Linktor.Silo.dll"]
