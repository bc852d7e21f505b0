namespace HanoiEgov.Modules.Procedures;

/// <summary>
/// The Vietnamese lunisolar calendar, computed astronomically for Vietnam's meridian (UTC+7): a lunar month starts on
/// the day of the new moon in Hanoi's time, month 11 holds the winter solstice, and a leap month is the first month
/// of a 13-month year without a major solar term. China's calendar (UTC+8) sometimes differs by a day or a month
/// (Tết 1985, 2007), so .NET's <see cref="System.Globalization.ChineseLunisolarCalendar"/> cannot stand in for it.
/// New moons and the sun's longitude follow Meeus' "Astronomical Algorithms" (ch. 25 and 49, abridged), accurate to
/// minutes for 1900–2100; a new moon within minutes of midnight may still need the government's announced date.
/// </summary>
public static class VietnameseLunarCalendar
{
    private const double TimeZoneHours = 7;
    private const double SynodicMonth = 29.530588853;
    private const double NewMoonEpoch = 2415021.076998695;

    /// <summary>The Gregorian day of a lunar date (not in a leap month) of lunar year <paramref name="lunarYear"/>.</summary>
    public static DateOnly ToSolar(int lunarYear, int lunarMonth, int lunarDay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarMonth, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(lunarDay, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lunarDay, 30);
        var (a11, b11) = lunarMonth < 11
            ? (Month11Start(lunarYear - 1), Month11Start(lunarYear))
            : (Month11Start(lunarYear), Month11Start(lunarYear + 1));
        var offset = lunarMonth - 11;
        if (offset < 0)
        {
            offset += 12;
        }

        if (b11 - a11 > 365 && offset >= LeapMonthOffset(a11))
        {
            offset += 1;
        }

        var k = (int)Math.Floor(0.5 + (a11 - NewMoonEpoch) / SynodicMonth);
        return FromJulianDay(NewMoonDay(k + offset) + lunarDay - 1);
    }

    /// <summary>The first day of lunar year <paramref name="lunarYear"/> (mùng 1 Tết), in the Gregorian year of the same number.</summary>
    public static DateOnly NewYear(int lunarYear) => ToSolar(lunarYear, 1, 1);

    /// <summary>The Julian day number of the start of the lunar month holding the winter solstice of Gregorian year <paramref name="year"/>.</summary>
    private static int Month11Start(int year)
    {
        var k = (int)Math.Floor((JulianDay(new DateOnly(year, 12, 31)) - 2415021) / SynodicMonth);
        var newMoon = NewMoonDay(k);
        return SunSector(newMoon) >= 9 ? NewMoonDay(k - 1) : newMoon;
    }

    /// <summary>In a year of 13 months after <paramref name="a11"/>, the offset of the leap month: the first without a major term.</summary>
    private static int LeapMonthOffset(int a11)
    {
        var k = (int)Math.Floor((a11 - NewMoonEpoch) / SynodicMonth + 0.5);
        var i = 1;
        var sector = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = sector;
            i++;
            sector = SunSector(NewMoonDay(k + i));
        }
        while (sector != last && i < 14);
        return i - 1;
    }

    /// <summary>The day (Julian day number, in Vietnam's time) of the <paramref name="k"/>th new moon after 1900-01-01.</summary>
    private static int NewMoonDay(int k) => (int)Math.Floor(NewMoon(k) + 0.5 + TimeZoneHours / 24);

    /// <summary>Which of the 12 thirty-degree sectors the sun's longitude is in at the start of a day (Vietnam's time).</summary>
    private static int SunSector(int julianDay) => (int)Math.Floor(SunLongitude(julianDay - 0.5 - TimeZoneHours / 24) / Math.PI * 6);

    /// <summary>The Julian day (UT) of the <paramref name="k"/>th mean new moon after 1900-01-01, corrected for the main periodic terms.</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double Rad = Math.PI / 180;
        var jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * Math.Sin((166.56 + 132.87 * t - 0.009173 * t2) * Rad);
        var sun = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * Rad;
        var moon = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * Rad;
        var latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * Rad;
        var correction = (0.1734 - 0.000393 * t) * Math.Sin(sun) + 0.0021 * Math.Sin(2 * sun)
            - 0.4068 * Math.Sin(moon) + 0.0161 * Math.Sin(2 * moon) - 0.0004 * Math.Sin(3 * moon)
            + 0.0104 * Math.Sin(2 * latitude) - 0.0051 * Math.Sin(sun + moon) - 0.0074 * Math.Sin(sun - moon)
            + 0.0004 * Math.Sin(2 * latitude + sun) - 0.0004 * Math.Sin(2 * latitude - sun)
            - 0.0006 * Math.Sin(2 * latitude + moon) + 0.0010 * Math.Sin(2 * latitude - moon) + 0.0005 * Math.Sin(2 * moon + sun);
        var deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd + correction - deltaT;
    }

    /// <summary>The sun's apparent longitude in radians, [0, 2π), at Julian day <paramref name="jd"/> (UT).</summary>
    private static double SunLongitude(double jd)
    {
        var t = (jd - 2451545.0) / 36525;
        var t2 = t * t;
        const double Rad = Math.PI / 180;
        var anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * Rad;
        var mean = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        var centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.Sin(anomaly)
            + (0.019993 - 0.000101 * t) * Math.Sin(2 * anomaly) + 0.000290 * Math.Sin(3 * anomaly);
        var longitude = (mean + centre) * Rad;
        return longitude - 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
    }

    private static int JulianDay(DateOnly day) => day.DayNumber + 1721426;

    private static DateOnly FromJulianDay(int julianDay) => DateOnly.FromDayNumber(julianDay - 1721426);
}
