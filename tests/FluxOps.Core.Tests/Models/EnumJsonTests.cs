using FluxOps.Models;

namespace FluxOps.Core.Tests.Models;

/// <summary>
/// Every enum a cmdlet can output is written by name by a user's plain ConvertTo-Json: PowerShell serializes with
/// Newtonsoft.Json, which honours only its own converter attribute, so each enum in FluxOps.Models must carry it.
/// </summary>
public sealed class EnumJsonTests
{
    public static TheoryData<Type> ModelEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(RollbackOutcome).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelEnums))]
    public void Each_model_enum_is_written_by_name_by_Newtonsoft_Json_as_ConvertTo_Json_uses_it(Type type)
    {
        var value = Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!;

        var json = Newtonsoft.Json.JsonConvert.SerializeObject(new { Value = value });

        Assert.Equal($"{{\"Value\":\"{value}\"}}", json);
    }
}
