# A Linktor API node (REST, SignalR hubs, the widget; an Orleans client of the silos). Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t linktor-api .
# The agent inbox (React + Vite): its build output is served by the API at /.
FROM node:20-bookworm-slim AS inbox
WORKDIR /inbox
COPY api/Linktor.Api/ClientApp/package.json api/Linktor.Api/ClientApp/package-lock.json ./
RUN npm ci
COPY api/Linktor.Api/ClientApp/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Linktor.Contracts/Linktor.Contracts.csproj src/Linktor.Contracts/
COPY src/Linktor.Storage/Linktor.Storage.csproj src/Linktor.Storage/
COPY api/Linktor.Api/Linktor.Api.csproj api/Linktor.Api/
RUN dotnet restore api/Linktor.Api/Linktor.Api.csproj
# The API node needs only the contracts and storage: no grains, silo or adapter code is in the image.
COPY src/ src/
COPY api/ api/
COPY --from=inbox /inbox/dist api/Linktor.Api/ClientApp/dist
RUN dotnet publish api/Linktor.Api/Linktor.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Uploaded attachments (Linktor:Media): a volume shared by the API nodes, or an S3 bucket instead.
RUN mkdir -p /var/lib/linktor/media && chown "$APP_UID" /var/lib/linktor/media
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Linktor__Hosting__Mode=Cluster \
    Linktor__Media__Path=/var/lib/linktor/media
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Linktor.Api.dll"]
