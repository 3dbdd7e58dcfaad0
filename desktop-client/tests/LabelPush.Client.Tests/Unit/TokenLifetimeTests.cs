using System;
using System.Text;
using NUnit.Framework;

namespace LabelPush.Client.UnitTests
{
    [TestFixture]
    public class TokenLifetimeTests
    {
        private static readonly DateTimeOffset IssuedAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        [Test]
        public void RefreshesWhenAQuarterOfTheLifetimeIsLeft()
        {
            var token = Jwt("{\"cameraId\":\"cam-7\",\"iat\":" + Seconds(IssuedAt) + ",\"exp\":" + Seconds(IssuedAt.AddHours(1)) + "}");

            Assert.That(TokenLifetime.RefreshIn(token, IssuedAt), Is.EqualTo(TimeSpan.FromMinutes(45)));
            Assert.That(TokenLifetime.RefreshIn(token, IssuedAt.AddMinutes(40)), Is.EqualTo(TimeSpan.FromMinutes(5)));
        }

        [Test]
        public void RefreshesAtOnceATokenPastThreeQuartersOfItsLife()
        {
            var token = Jwt("{\"iat\":" + Seconds(IssuedAt) + ",\"exp\":" + Seconds(IssuedAt.AddMinutes(10)) + "}");

            Assert.That(TokenLifetime.RefreshIn(token, IssuedAt.AddMinutes(9)), Is.EqualTo(TimeSpan.Zero));
        }

        [Test]
        public void DoesNotRefreshATokenThatDoesNotSayWhenItExpires()
        {
            Assert.That(TokenLifetime.RefreshIn("opaque-token", IssuedAt), Is.Null);
            Assert.That(TokenLifetime.RefreshIn("a.%%%.c", IssuedAt), Is.Null);
            Assert.That(TokenLifetime.RefreshIn(Jwt("{\"iat\":1}"), IssuedAt), Is.Null);
        }

        private static long Seconds(DateTimeOffset time)
        {
            return time.ToUnixTimeSeconds();
        }

        private static string Jwt(string claims)
        {
            return "eyJhbGciOiJFUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
        }
    }
}
