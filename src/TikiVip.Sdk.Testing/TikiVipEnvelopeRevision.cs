namespace TikiVip.Sdk.Testing;

/// <summary>The revisions of Tiki's response envelopes (API reference, "1. IPN"), to test a client against each.</summary>
public enum TikiVipEnvelopeRevision
{
    /// <summary><c>{"code":0,"message":"success","data":{...}}</c>; errors as HTTP 200 <c>{"code":N,"message":...}</c>.</summary>
    Current = 0,

    /// <summary><c>{"data":{"transaction_id":...}}</c>; errors as HTTP 400/403/404 <c>{"error":"..."}</c>.</summary>
    Middle = 1,

    /// <summary><c>{"data":{"status":"success"}}</c>; errors as HTTP 500 <c>{"data":null,"error":{"code":"N","message":...}}</c>.</summary>
    First = 2,
}
