using Microsoft.Extensions.Configuration;
using HanoiEgov.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddPlatformInfrastructure();

var orleans = builder.AddOrleans("cluster")
    .WithClustering(infrastructure.Redis)
    .WithReminders(infrastructure.Redis)
    .WithGrainStorage("catalogue", infrastructure.Redis);

builder.AddProject<Projects.HanoiEgov_PlatformHost>("platform")
    .WithReference(orleans)
    .WithReference(infrastructure.Database)
    .WaitFor(infrastructure.Database)
    .WaitFor(infrastructure.Redis)
    .WithHttpEndpoint(port: builder.Configuration.GetValue("Platform:Port", 5080), name: "http")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReplicas(builder.Configuration.GetValue("Platform:Replicas", 2));

builder.Build().Run();
