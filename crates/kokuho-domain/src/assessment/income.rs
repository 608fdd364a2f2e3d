//! 所得: per-person income of one calendar year, as received from the tax system (税務システム).
//!
//! These are the inputs of the premium calculation (旧ただし書き所得, 軽減判定) and of the
//! 70–74 copay judgement. Amounts are integer yen; revenue (収入) and income (所得) are kept
//! apart because the law converts revenue to income by the rules of the income year.

use serde::{Deserialize, Serialize};

use crate::eligibility::resident::FieldProblem;
use crate::kernel::ids::ResidentNo;
use crate::kernel::money::Yen;

/// One person's income for one calendar year (所得年).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRecord {
    /// 宛名番号
    pub resident_no: ResidentNo,
    /// 所得年 (calendar year of the income, e.g. 2025 for the FY2026 assessment).
    pub year: i32,
    /// 給与収入
    pub salary_revenue: Yen,
    /// 公的年金等収入
    pub pension_revenue: Yen,
    /// 事業等所得: every other 総合課税 income (営業・農業・不動産・雑 ...), already as 所得.
    pub other_income: Yen,
    /// 分離課税所得 (土地建物等の譲渡, 株式等), after 特別控除.
    pub separate_income: Yen,
    /// 譲渡所得の特別控除額 (added back for the 軽減 judgement).
    pub separate_special_deduction: Yen,
    /// 専従者給与(控除)額 (added back for the 軽減 judgement).
    pub family_employee_pay: Yen,
    /// 課税所得 (住民税の課税標準額), used for the 70–74 copay judgement.
    pub taxable_income: Yen,
    /// 住民税非課税
    pub tax_exempt: bool,
    /// 未申告: no declaration; the amounts above are not known.
    pub undeclared: bool,
}

impl IncomeRecord {
    /// A declared record of `year` with every amount zero (fill in what applies with `..`).
    pub fn zero(resident_no: ResidentNo, year: i32) -> IncomeRecord {
        IncomeRecord {
            resident_no,
            year,
            salary_revenue: Yen::ZERO,
            pension_revenue: Yen::ZERO,
            other_income: Yen::ZERO,
            separate_income: Yen::ZERO,
            separate_special_deduction: Yen::ZERO,
            family_employee_pay: Yen::ZERO,
            taxable_income: Yen::ZERO,
            tax_exempt: false,
            undeclared: false,
        }
    }

    /// Checks the rules that need no database; returns every problem.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if !(1950..=2100).contains(&self.year) {
            problems.push(FieldProblem::new("year", "所得年が範囲外です（1950〜2100）"));
        }
        let amounts: [(&'static str, &'static str, Yen); 7] = [
            ("salary_revenue", "給与収入", self.salary_revenue),
            ("pension_revenue", "公的年金等収入", self.pension_revenue),
            ("other_income", "事業等所得", self.other_income),
            ("separate_income", "分離課税所得", self.separate_income),
            (
                "separate_special_deduction",
                "譲渡所得の特別控除額",
                self.separate_special_deduction,
            ),
            ("family_employee_pay", "専従者給与額", self.family_employee_pay),
            ("taxable_income", "課税所得", self.taxable_income),
        ];
        for (field, label, amount) in amounts {
            // 事業等所得 may legitimately be a loss (損失); everything else is a non-negative amount.
            if field != "other_income" && amount.value() < 0 {
                problems.push(FieldProblem::new(field, format!("{label}に負の金額は指定できません")));
            }
            if amount.value().abs() > 100_000_000_000 {
                problems.push(FieldProblem::new(field, format!("{label}が大きすぎます")));
            }
        }
        if self.undeclared {
            let any_amount = amounts.iter().any(|(_, _, a)| a.value() != 0);
            if any_amount {
                problems.push(FieldProblem::new("undeclared", "未申告の場合は金額を0にしてください"));
            }
        }
        problems
    }
}
