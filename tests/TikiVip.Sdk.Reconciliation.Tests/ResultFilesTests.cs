using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation.Tests;

/// <summary>ReconciliationResultFiles: the one rule for a day's answer among Tiki's files, and reading them.</summary>
public sealed class ResultFilesTests : IDisposable
{
    private const string Header = "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tikivip-results-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Parts_are_one_answer_and_the_answer_written_last_supersedes_the_others_whatever_their_names()
    {
        var part2 = File("tikivip_ACME_20261121_2_result.csv", hour: 1);
        var part1 = File("tikivip_ACME_20261121_1_result.csv", hour: 1);
        var regenerated = File("tikivip_ACME_20261121_result_v2.csv", hour: 3);
        var otherDay = File("tikivip_ACME_20261120_1_result.csv", hour: 0);
        var otherPartner = File("tikivip_OTHER_20261121_1_result.csv", hour: 4);
        var notAResult = File("notes.txt", hour: 5);

        var answers = ReconciliationResultFiles.SelectAnswers([part2, part1, regenerated, otherDay, otherPartner, notAResult], new ReconciliationResultsOptions(), "ACME");

        Assert.Equal([new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21)], answers.Select(a => a.Date));
        var day = answers[1];
        Assert.Equal(["tikivip_ACME_20261121_result_v2.csv"], day.Files.Select(f => f.Name));
        Assert.Equal(["tikivip_ACME_20261121_1_result.csv", "tikivip_ACME_20261121_2_result.csv"], day.Superseded.Select(f => f.Name)); // in part order

        File("tikivip_ACME_20261121_2_result.csv", hour: 6); // Tiki rewrites part 2: the parts are the newest answer again
        var again = ReconciliationResultFiles.SelectAnswers(_folder.EnumerateFiles(), new ReconciliationResultsOptions(), "ACME")[1];
        Assert.Equal(["tikivip_ACME_20261121_1_result.csv", "tikivip_ACME_20261121_2_result.csv"], again.Files.Select(f => f.Name));
        Assert.Equal(["tikivip_ACME_20261121_result_v2.csv"], again.Superseded.Select(f => f.Name));
    }

    [Fact]
    public void Without_a_partner_name_any_partner_in_the_name_is_recognised()
    {
        var answers = ReconciliationResultFiles.SelectAnswers([File("tikivip_OTHER_20261121_1_result.csv", hour: 1)], new ReconciliationResultsOptions());

        Assert.Equal(new DateOnly(2026, 11, 21), Assert.Single(answers).Date);
    }

    [Fact]
    public async Task A_file_with_more_columns_than_the_results_layout_names_its_header_and_the_setting_to_configure()
    {
        var path = Path.Combine(_folder.FullName, "tikivip_ACME_20261121_1_result.csv");
        await System.IO.File.WriteAllTextAsync(path, Header.TrimEnd() + ",result\r\nT-1,P-1,1000,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00,MATCHED\r\n");

        var ex = await Assert.ThrowsAsync<ReconciliationException>(async () =>
        {
            await foreach (var _ in ReconciliationResultFiles.ReadAsync([path], new ReconciliationResultsOptions()))
            {
            }
        });

        Assert.Contains("Tiki's result file tikivip_ACME_20261121_1_result.csv", ex.Message);
        Assert.Contains("7 columns instead of 6", ex.Message);
        Assert.Contains("got tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at,result", ex.Message);
        Assert.Contains("configure it with Tiki's columns", ex.Message);
    }

    [Fact]
    public async Task A_partner_file_with_a_column_too_many_is_not_told_about_tikis_results()
    {
        var path = Path.Combine(_folder.FullName, "partner.csv");
        await System.IO.File.WriteAllTextAsync(path, Header.TrimEnd() + ",extra\r\n");

        var ex = await Assert.ThrowsAsync<ReconciliationException>(async () =>
        {
            await foreach (var _ in ReconciliationFileReader.ReadFilesAsync([path]))
            {
            }
        });

        Assert.DoesNotContain("Results:Layout", ex.Message);
        Assert.Contains("7 columns instead of 6", ex.Message);
    }

    private FileInfo File(string name, int hour)
    {
        var path = Path.Combine(_folder.FullName, name);
        System.IO.File.WriteAllText(path, Header);
        System.IO.File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 22, hour, 0, 0, DateTimeKind.Utc));
        return new FileInfo(path);
    }
}
