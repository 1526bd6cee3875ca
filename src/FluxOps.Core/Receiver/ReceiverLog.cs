using System.Text.Encodings.Web;
using System.Text.Json;

namespace FluxOps.Core.Receiver;

/// <summary>
/// One JSON object per line (ts, level, msg, then fields). Callers pass only what is safe to log: object references,
/// revisions, shas, statuses, reasons. The HMAC key, the signature header and credentials are never handed to it.
/// </summary>
internal sealed class ReceiverLog(Action<string> sink, TimeProvider? clock = null)
{
    // Read by people and log pipelines, never embedded in HTML: the default encoder would write the time's "+" as \u002B.
    // Quotes, backslashes and control characters (line breaks) are still escaped, so one entry stays one line.
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public void Info(string message, params (string Key, object? Value)[] fields) => Write("info", message, fields);

    public void Warn(string message, params (string Key, object? Value)[] fields) => Write("warn", message, fields);

    public void Error(string message, params (string Key, object? Value)[] fields) => Write("error", message, fields);

    private void Write(string level, string message, (string Key, object? Value)[] fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, LineOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", _clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", level);
            json.WriteString("msg", message);
            foreach (var (key, value) in fields)
            {
                if (value is null)
                {
                    continue;
                }

                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, value, value.GetType());
            }

            json.WriteEndObject();
        }

        sink(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
