using FluxOps.Core.Receiver;

namespace FluxOps.Core.Tests.Receiver;

public sealed class ReceiverOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:8080/")]
    [InlineData("0.0.0.0", "http://*:8080/")]
    [InlineData("::", "http://*:8080/")]
    [InlineData("*", "http://*:8080/")]
    public void Listening_on_every_address_uses_the_listener_wildcard(string address, string prefix)
    {
        Assert.Equal(prefix, new ReceiverOptions { Address = address, Port = 8080 }.Prefix);
    }
}
