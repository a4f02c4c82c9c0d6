import pytest
from pyspark.sql import functions as F

from lakehouse_jobs.silver import clean


def _apply(spark, fn, values):
    df = spark.createDataFrame([(v,) for v in values], "v string")
    return [r[0] for r in df.select(fn(F.col("v"))).collect()]


@pytest.mark.parametrize(
    ("fn", "raw", "expected"),
    [
        (clean.blank_to_null, ["  a  b ", "   ", "", None, "x\ty"], ["a b", None, None, None, "x y"]),
        (
            clean.place_name,
            ["  São  Paulo ", "SAO PAULO", "mogi-guaçu", "   "],
            ["sao paulo", "sao paulo", "mogi-guacu", None],
        ),
        (
            clean.category_name,
            ["Cama Mesa-Banho", " beleza_saude ", "ÁUDIO"],
            ["cama_mesa_banho", "beleza_saude", "audio"],
        ),
        (clean.state_code, [" sp", "Rj "], ["SP", "RJ"]),
        (clean.zip_prefix, ["1037", " 01037 ", "12345", "ab12", None], ["01037", "01037", "12345", "ab12", None]),
        (clean.lower_code, [" Credit_Card ", "BOLETO"], ["credit_card", "boleto"]),
    ],
)
def test_cleaners(spark, fn, raw, expected):
    assert _apply(spark, fn, raw) == expected
