using System.Text.Json;

namespace TikiVip.Sdk.Testing;

/// <summary>Writes the emulator's answers in the envelope of the chosen revision.</summary>
internal readonly record struct EmulatorResponse(int StatusCode, byte[] Body)
{
    public static EmulatorResponse Success(TikiVipEnvelopeRevision revision, Action<Utf8JsonWriter> writeData) => revision switch
    {
        TikiVipEnvelopeRevision.Current => Json(200, w =>
        {
            w.WriteNumber("code", 0);
            w.WriteString("message", "success");
            w.WriteStartObject("data");
            writeData(w);
            w.WriteEndObject();
        }),
        TikiVipEnvelopeRevision.First => Json(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("status", "success");
            w.WriteEndObject();
        }),
        _ => Json(200, w =>
        {
            w.WriteStartObject("data");
            writeData(w);
            w.WriteEndObject();
        }),
    };

    /// <summary>The status lookup's success: fields at the top level.</summary>
    public static EmulatorResponse TopLevel(TikiVipEnvelopeRevision revision, Action<Utf8JsonWriter> writeFields) => Json(200, w =>
    {
        if (revision == TikiVipEnvelopeRevision.Current)
        {
            w.WriteNumber("code", 0);
            w.WriteString("message", "success");
        }

        writeFields(w);
    });

    public static EmulatorResponse Failure(TikiVipEnvelopeRevision revision, TikiVipResultCode code, string message) => revision switch
    {
        TikiVipEnvelopeRevision.Current => Json(200, w =>
        {
            w.WriteNumber("code", (int)code);
            w.WriteString("message", message);
        }),
        TikiVipEnvelopeRevision.First => Json(500, w =>
        {
            w.WriteNull("data");
            w.WriteStartObject("error");
            w.WriteString("code", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("message", message);
            w.WriteEndObject();
        }),
        _ => Error(code switch
        {
            TikiVipResultCode.TransactionNotFound => 404,
            TikiVipResultCode.TransactionNotOwned => 403,
            TikiVipResultCode.SystemError => 500,
            _ => 400,
        }, message),
    };

    public static EmulatorResponse Error(int statusCode, string message) => Json(statusCode, w => w.WriteString("error", message));

    private static EmulatorResponse Json(int statusCode, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new EmulatorResponse(statusCode, buffer.ToArray());
    }
}
