using ServiceManagement.Configuration;
using ServiceManagement.Model;
using Xunit;

namespace ServiceManagement.Tests.Model;

public class EnumNamesTests
{
    [Fact]
    public void Every_value_is_spelt_in_camel_case_and_read_back_as_itself()
    {
        var kinds = EnumNames.Of<JobKind>();
        Assert.Equal(Enum.GetNames(typeof(JobKind)).Length, kinds.Count);
        foreach (var kind in kinds)
        {
            Assert.Equal(EnumNames.YamlName(kind.Value.ToString()), kind.Key);
            Assert.True(char.IsLower(kind.Key[0]));
        }

        Assert.Equal(JobKind.LoginItem, kinds["loginItem"]);
        Assert.Equal(Ensure.Absent, EnumNames.Of<Ensure>()["absent"]);
        Assert.False(kinds.ContainsKey("LoginItem"));
    }

    [Fact]
    public void A_types_table_is_built_once_and_shared()
    {
        Assert.Same(EnumNames.Of<JobScope>(), EnumNames.Of<JobScope>());
        Assert.NotSame((object)EnumNames.Of<JobScope>(), EnumNames.Of<JobKind>());
    }
}
