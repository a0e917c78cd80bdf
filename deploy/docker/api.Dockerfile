# A Linktor API node (REST, SignalR hubs, the widget; an Orleans client of the silos). Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t linktor-api .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Linktor.Contracts/Linktor.Contracts.csproj src/Linktor.Contracts/
COPY src/Linktor.Storage/Linktor.Storage.csproj src/Linktor.Storage/
COPY grains/Linktor.Grains/Linktor.Grains.csproj grains/Linktor.Grains/
COPY adapters/Linktor.Adapters.Abstractions/Linktor.Adapters.Abstractions.csproj adapters/Linktor.Adapters.Abstractions/
COPY adapters/Linktor.Adapters.WebChat/Linktor.Adapters.WebChat.csproj adapters/Linktor.Adapters.WebChat/
COPY silo/Linktor.Silo.Hosting/Linktor.Silo.Hosting.csproj silo/Linktor.Silo.Hosting/
COPY api/Linktor.Api/Linktor.Api.csproj api/Linktor.Api/
RUN dotnet restore api/Linktor.Api/Linktor.Api.csproj
COPY src/ src/
COPY grains/ grains/
COPY adapters/ adapters/
COPY silo/ silo/
COPY api/ api/
RUN dotnet publish api/Linktor.Api/Linktor.Api.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Linktor__Hosting__Mode=Cluster
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Linktor.Api.dll"]
