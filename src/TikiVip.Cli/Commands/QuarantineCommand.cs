using System.CommandLine;
using TikiVip.Sdk;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Cli.Commands;

/// <summary>
/// <c>tikivip refund quarantine list | resolve</c>: the authentic refunds whose body failed validation, as the
/// PostgreSQL store keeps them, for the person who must handle them.
/// </summary>
internal static class QuarantineCommand
{
    private const string ConnectionVariable = "TikiVip__PostgreSql__ConnectionString";

    public static Command Create(CliRunner run)
    {
        var connection = new Option<string?>("--connection-string") { Description = $"The PostgreSQL connection string (default: {ConnectionVariable})." };
        var schema = new Option<string>("--schema") { Description = "The SDK's schema.", DefaultValueFactory = _ => "tikivip" };
        var all = new Option<bool>("--all") { Description = "List resolved entries too." };
        var limit = new Option<int>("--limit") { Description = "At most this many (1 to 10,000).", DefaultValueFactory = _ => 100 };
        var list = new Command("list", $"""
            Lists quarantined refunds, newest first: id, request id, what is wrong, deliveries, and the body.
            Example: {ConnectionVariable}="Host=db;Username=app;Password=...;Database=payments" tikivip refund quarantine list
            """)
        {
            connection, schema, all, limit,
        };
        list.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var count = context.Value(limit);
            if (count is < 1 or > ListLimit.Max)
            {
                throw new CliUsageException("--limit must be between 1 and 10,000.");
            }

            await using var services = Services(context, context.Value(connection), context.Value(schema)!);
            foreach (var entry in (await services.GetRequiredService<IRefundQuarantine>().QueryAsync(new RefundQuarantineQuery { IncludeResolved = context.Value(all), Limit = count }, ct)).Entries)
            {
                context.Write(
                    ("id", entry.Id),
                    ("request_id", entry.RequestId),
                    ("problem", entry.Problem),
                    ("deliveries", entry.Deliveries),
                    ("first_received_at", entry.FirstReceivedAt.ToString("O")),
                    ("last_received_at", entry.LastReceivedAt.ToString("O")),
                    ("resolved_at", entry.ResolvedAt?.ToString("O")),
                    ("resolved_by", entry.ResolvedBy),
                    ("resolution", entry.Resolution),
                    ("body", entry.BodyText));
            }

            return ExitCodes.Success;
        }));

        var id = new Argument<string>("id") { Description = "The entry's id (from list)." };
        var by = new Option<string>("--by") { Description = "Who handled it.", Required = true };
        var note = new Option<string>("--note") { Description = "What was done (refunded by hand, refused with Tiki, ...).", Required = true };
        var resolve = new Command("resolve", $"""
            Marks a quarantined refund as handled; Tiki's next retry of it is then answered 200.
            Exit code 0 when it was resolved, 1 when no unresolved entry has that id.
            Example: tikivip refund quarantine resolve 3bb7b18e... --by ops@partner --note "refunded by hand"
            """)
        {
            id, by, note, connection, schema,
        };
        resolve.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var resolvedBy = context.Value(by);
            var resolution = context.Value(note);
            if (string.IsNullOrWhiteSpace(resolvedBy) || string.IsNullOrWhiteSpace(resolution))
            {
                throw new CliUsageException("--by and --note must not be empty.");
            }

            await using var services = Services(context, context.Value(connection), context.Value(schema)!);
            var resolved = await services.GetRequiredService<IRefundQuarantine>().ResolveAsync(parse.GetValue(id)!, resolvedBy, resolution, ct);
            context.Write(("id", parse.GetValue(id)), ("result", resolved ? "resolved" : "not found or already resolved"));
            return resolved ? ExitCodes.Success : ExitCodes.Rejected;
        }));

        return new Command("quarantine", "Authentic refunds whose body failed validation, kept by the PostgreSQL store.") { list, resolve };
    }

    private static ServiceProvider Services(CliContext context, string? connectionString, string schema)
    {
        var connection = connectionString ?? context.Variable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new CliUsageException($"--connection-string (or {ConnectionVariable}) is required.");
        }

        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(_ => { }).UsePostgreSql(connection, o =>
        {
            o.Schema = schema;
            o.MigrateOnStartup = false;
            o.Outbox.Deliver = false;
        });
        return services.BuildServiceProvider();
    }
}
