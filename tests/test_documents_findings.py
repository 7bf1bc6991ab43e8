"""Every finding check_documents states, pinned word for word (issue 14: mutants changing a
message, an article or a verdict survived test_documents.py). The lists themselves are worked
out from Art. 28 and 29 in test_documents.py; this file pins what each finding says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from pinned import problems
from poverty_credit import (
    DEFAULT_POLICY,
    Decision,
    EntityKind,
    PolicyDocument,
    PolicySchedule,
    check_documents,
)
from poverty_credit import Document as D
from poverty_credit.documents import required_documents
from test_documents import ART_28, PERSON, firm

BARE = attrs.evolve(DEFAULT_POLICY, citations={})  # cites nothing: the Measures are named

CASES = [
    pytest.param(lambda: check_documents(ART_28, PERSON), [
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the identity card (身份证)',
         '已提供身份证'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the poor-household information form (贫困户信息表)',
         '已提供贫困户信息表'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the copy of the bank account (银行账户复印件)',
         '已提供银行账户复印件'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the loan voucher (贷款凭证)',
         '已提供贷款凭证'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the interest voucher (计息凭证)',
         '已提供计息凭证'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the repayment voucher (还款凭证)',
         '已提供还款凭证'),
        ('MISSING_DOCUMENT', 'Art. 28', True,
         'submitted: the subsidy application form (申请贴息报告表)',
         '已提供申请贴息报告表'),
    ], id='a person with everything'),
    pytest.param(lambda: check_documents([], PERSON), [
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the identity card (身份证), required by Art. 28',
         '缺少身份证（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         ('missing: the poor-household information form (贫困户信息表), required by Ar'
          't. 28'),
         '缺少贫困户信息表（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the copy of the bank account (银行账户复印件), required by Art. 28',
         '缺少银行账户复印件（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the loan voucher (贷款凭证), required by Art. 28',
         '缺少贷款凭证（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the interest voucher (计息凭证), required by Art. 28',
         '缺少计息凭证（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the repayment voucher (还款凭证), required by Art. 28',
         '缺少还款凭证（第二十八条）'),
        ('MISSING_DOCUMENT', 'Art. 28', False,
         'missing: the subsidy application form (申请贴息报告表), required by Art. 28',
         '缺少申请贴息报告表（第二十八条）'),
    ], id='a person with nothing'),
    pytest.param(lambda: check_documents([], firm()), [
        ('MISSING_DOCUMENT', 'Art. 29', False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by Ar'
          't. 29'),
         '缺少扶贫贷款贴息立项申请（第二十九条）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the business licence (营业执照), required by Art. 29(1) (a busin'
          'ess licence with a unified social credit code also stands for it, fro'
          'm 2015-10-01)'),
         '缺少营业执照（第二十九条第（一）项）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the organisation code certificate (组织机构代码证), required by Art'
          '. 29(1) (a business licence with a unified social credit code also st'
          'ands for it, from 2015-10-01)'),
         '缺少组织机构代码证（第二十九条第（一）项）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the tax registration certificate (税务登记证), required by Art.'
          ' 29(1) (a business licence with a unified social credit code also sta'
          'nds for it, from 2015-10-01)'),
         '缺少税务登记证（第二十九条第（一）项）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the bank account-opening permit (银行开户许可证); the PBoC abo'
          'lished enterprise account-opening permits nationwide in 2019 (银发〔2019'
          '〕41号), not asked for from 2020-01-01'),
         '人民银行2019年已全面取消企业银行账户许可（银发〔2019〕41号），2020-01-01起不再要求银行开户许可证'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the bank loan card number (银行贷款卡号), required by Art. 29(1);'
          ' still required: the Measures ask for the loan card number, and no pr'
          'imary source for the date of its abolition was found'),
         '缺少银行贷款卡号（第二十九条第（一）项）；办法仍要求提供贷款卡号，未找到取消日期的权威出处，仍予要求'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the enterprise credit report (企业信用报告), required by Art. 29(1'
          ')'),
         '缺少企业信用报告（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the loan contract (贷款合同), required by Art. 29(1)',
         '缺少贷款合同（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the interest voucher (计息凭证), required by Art. 29(1)',
         '缺少计息凭证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by Art. 29(1)'),
         '缺少企业法人代表身份证复印件（加盖公章）（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by Art. 29(2)'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（第二十九条第（二）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by Art. 29(2)'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（第二十九条第（二）项）'),
    ], id='an entity with nothing, judged today'),
    pytest.param(lambda: check_documents([], firm(), on=dt.date(2015, 1, 1)), [
        ('MISSING_DOCUMENT', 'Art. 29', False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by Ar'
          't. 29'),
         '缺少扶贫贷款贴息立项申请（第二十九条）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the business licence (营业执照), required by Art. 29(1)',
         '缺少营业执照（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the organisation code certificate (组织机构代码证), required by Art'
          '. 29(1)'),
         '缺少组织机构代码证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the tax registration certificate (税务登记证), required by Art.'
          ' 29(1)'),
         '缺少税务登记证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the bank account-opening permit (银行开户许可证), required by Art.'
          ' 29(1)'),
         '缺少银行开户许可证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the bank loan card number (银行贷款卡号), required by Art. 29(1);'
          ' still required: the Measures ask for the loan card number, and no pr'
          'imary source for the date of its abolition was found'),
         '缺少银行贷款卡号（第二十九条第（一）项）；办法仍要求提供贷款卡号，未找到取消日期的权威出处，仍予要求'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the enterprise credit report (企业信用报告), required by Art. 29(1'
          ')'),
         '缺少企业信用报告（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the loan contract (贷款合同), required by Art. 29(1)',
         '缺少贷款合同（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the interest voucher (计息凭证), required by Art. 29(1)',
         '缺少计息凭证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by Art. 29(1)'),
         '缺少企业法人代表身份证复印件（加盖公章）（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by Art. 29(2)'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（第二十九条第（二）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by Art. 29(2)'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（第二十九条第（二）项）'),
    ], id='an entity with nothing in 2015, before the reforms'),
    pytest.param(lambda: check_documents([D.BUSINESS_LICENSE, D.LOAN_CARD], firm(),
                                     on=dt.date(2021, 1, 1)), [
        ('MISSING_DOCUMENT', 'Art. 29', False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by Ar'
          't. 29'),
         '缺少扶贫贷款贴息立项申请（第二十九条）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         'submitted: the business licence (营业执照)',
         '已提供营业执照'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the organisation code certificate (组织机构代码证), required by Art'
          '. 29(1) (a business licence with a unified social credit code also st'
          'ands for it, from 2015-10-01)'),
         '缺少组织机构代码证（第二十九条第（一）项）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the tax registration certificate (税务登记证), required by Art.'
          ' 29(1) (a business licence with a unified social credit code also sta'
          'nds for it, from 2015-10-01)'),
         '缺少税务登记证（第二十九条第（一）项）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the bank account-opening permit (银行开户许可证); the PBoC abo'
          'lished enterprise account-opening permits nationwide in 2019 (银发〔2019'
          '〕41号), not asked for from 2020-01-01'),
         '人民银行2019年已全面取消企业银行账户许可（银发〔2019〕41号），2020-01-01起不再要求银行开户许可证'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         'submitted: the bank loan card number (银行贷款卡号)',
         '已提供银行贷款卡号'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ('missing: the enterprise credit report (企业信用报告), required by Art. 29(1'
          ')'),
         '缺少企业信用报告（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the loan contract (贷款合同), required by Art. 29(1)',
         '缺少贷款合同（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the interest voucher (计息凭证), required by Art. 29(1)',
         '缺少计息凭证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by Art. 29(1)'),
         '缺少企业法人代表身份证复印件（加盖公章）（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by Art. 29(2)'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（第二十九条第（二）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by Art. 29(2)'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（第二十九条第（二）项）'),
    ], id='an entity with the unified licence in 2021'),
    pytest.param(lambda: check_documents([D.ID_CARD], PERSON, BARE), [
        ('MISSING_DOCUMENT', None, True,
         'submitted: the identity card (身份证)',
         '已提供身份证'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the poor-household information form (贫困户信息表), required by th'
          'e Measures'),
         '缺少贫困户信息表（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the copy of the bank account (银行账户复印件), required by the Meas'
          'ures'),
         '缺少银行账户复印件（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the loan voucher (贷款凭证), required by the Measures',
         '缺少贷款凭证（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the interest voucher (计息凭证), required by the Measures',
         '缺少计息凭证（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the repayment voucher (还款凭证), required by the Measures',
         '缺少还款凭证（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the subsidy application form (申请贴息报告表), required by the Meas'
          'ures'),
         '缺少申请贴息报告表（本办法）'),
    ], id='a person under a policy without citations'),
    pytest.param(lambda: check_documents([], firm(), BARE), [
        ('MISSING_DOCUMENT', None, False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by th'
          'e Measures'),
         '缺少扶贫贷款贴息立项申请（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the business licence (营业执照), required by the Measures (a bus'
          'iness licence with a unified social credit code also stands for it,'
          ' from 2015-10-01)'),
         '缺少营业执照（本办法）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the organisation code certificate (组织机构代码证), required by the'
          ' Measures (a business licence with a unified social credit code also'
          ' stands for it, from 2015-10-01)'),
         '缺少组织机构代码证（本办法）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the tax registration certificate (税务登记证), required by the Me'
          'asures (a business licence with a unified social credit code also sta'
          'nds for it, from 2015-10-01)'),
         '缺少税务登记证（本办法）（2015-10-01起可由载有统一社会信用代码的营业执照代替）'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the bank account-opening permit (银行开户许可证); the PBoC abo'
          'lished enterprise account-opening permits nationwide in 2019 (银发〔2019'
          '〕41号), not asked for from 2020-01-01'),
         '人民银行2019年已全面取消企业银行账户许可（银发〔2019〕41号），2020-01-01起不再要求银行开户许可证'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the bank loan card number (银行贷款卡号), required by the Measures'
          '; still required: the Measures ask for the loan card number, and no'
          ' primary source for the date of its abolition was found'),
         '缺少银行贷款卡号（本办法）；办法仍要求提供贷款卡号，未找到取消日期的权威出处，仍予要求'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the enterprise credit report (企业信用报告), required by the Measu'
          'res'),
         '缺少企业信用报告（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the loan contract (贷款合同), required by the Measures',
         '缺少贷款合同（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the interest voucher (计息凭证), required by the Measures',
         '缺少计息凭证（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by the Measures'),
         '缺少企业法人代表身份证复印件（加盖公章）（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by the Measures'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by the Measures'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（本办法）'),
    ], id='an entity under a policy without citations'),
    pytest.param(lambda: check_documents([], firm(EntityKind.COOPERATIVE)), [
        ('MISSING_DOCUMENT', 'Art. 29', False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by Ar'
          't. 29'),
         '缺少扶贫贷款贴息立项申请（第二十九条）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the business licence (营业执照); a new rural cooperative or'
          'ganisation brings the relevant documents as the case may be (根据实际情况提供'
          '相关证件; interpretation: the application, contract, interest voucher, ID'
          ', loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求营业执照'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the organisation code certificate (组织机构代码证); a new rura'
          'l cooperative organisation brings the relevant documents as the case'
          ' may be (根据实际情况提供相关证件; interpretation: the application, contract, int'
          'erest voucher, ID, loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求组织机构代码证'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the tax registration certificate (税务登记证); a new rural'
          ' cooperative organisation brings the relevant documents as the case'
          ' may be (根据实际情况提供相关证件; interpretation: the application, contract, int'
          'erest voucher, ID, loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求税务登记证'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the bank account-opening permit (银行开户许可证); a new rural'
          ' cooperative organisation brings the relevant documents as the case'
          ' may be (根据实际情况提供相关证件; interpretation: the application, contract, int'
          'erest voucher, ID, loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求银行开户许可证'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the bank loan card number (银行贷款卡号); a new rural coopera'
          'tive organisation brings the relevant documents as the case may be (根'
          '据实际情况提供相关证件; interpretation: the application, contract, interest vouc'
          'her, ID, loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求银行贷款卡号'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', True,
         ('not required: the enterprise credit report (企业信用报告); a new rural coop'
          'erative organisation brings the relevant documents as the case may be'
          ' (根据实际情况提供相关证件; interpretation: the application, contract, interest'
          ' voucher, ID, loan particulars and poverty impact)'),
         '农村新型合作组织根据实际情况提供相关证件，不要求企业信用报告'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the loan contract (贷款合同), required by Art. 29(1)',
         '缺少贷款合同（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         'missing: the interest voucher (计息凭证), required by Art. 29(1)',
         '缺少计息凭证（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(1)', False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by Art. 29(1)'),
         '缺少企业法人代表身份证复印件（加盖公章）（第二十九条第（一）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by Art. 29(2)'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（第二十九条第（二）项）'),
        ('MISSING_DOCUMENT', 'Art. 29(2)', False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by Art. 29(2)'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（第二十九条第（二）项）'),
    ], id='a cooperative with nothing'),
    pytest.param(lambda: check_documents([], firm(EntityKind.COOPERATIVE), BARE), [
        ('MISSING_DOCUMENT', None, False,
         ('missing: the subsidy project application (扶贫贷款贴息立项申请), required by th'
          'e Measures'),
         '缺少扶贫贷款贴息立项申请（本办法）'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the business licence (营业执照); a new rural cooperative or'
          'ganisation brings the relevant documents as the case may be (interpre'
          'tation: the application, contract, interest voucher, ID, loan particu'
          'lars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求营业执照'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the organisation code certificate (组织机构代码证); a new rura'
          'l cooperative organisation brings the relevant documents as the case'
          ' may be (interpretation: the application, contract, interest voucher,'
          ' ID, loan particulars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求组织机构代码证'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the tax registration certificate (税务登记证); a new rural'
          ' cooperative organisation brings the relevant documents as the case'
          ' may be (interpretation: the application, contract, interest voucher,'
          ' ID, loan particulars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求税务登记证'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the bank account-opening permit (银行开户许可证); a new rural'
          ' cooperative organisation brings the relevant documents as the case'
          ' may be (interpretation: the application, contract, interest voucher,'
          ' ID, loan particulars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求银行开户许可证'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the bank loan card number (银行贷款卡号); a new rural coopera'
          'tive organisation brings the relevant documents as the case may be (i'
          'nterpretation: the application, contract, interest voucher, ID, loan'
          ' particulars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求银行贷款卡号'),
        ('MISSING_DOCUMENT', None, True,
         ('not required: the enterprise credit report (企业信用报告); a new rural coop'
          'erative organisation brings the relevant documents as the case may be'
          ' (interpretation: the application, contract, interest voucher, ID, lo'
          'an particulars and poverty impact)'),
         '农村新型合作组织视具体情况提交材料，不要求企业信用报告'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the loan contract (贷款合同), required by the Measures',
         '缺少贷款合同（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         'missing: the interest voucher (计息凭证), required by the Measures',
         '缺少计息凭证（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ("missing: the legal representative's identity card (stamped) (企业法人代表身份"
          '证复印件（加盖公章）), required by the Measures'),
         '缺少企业法人代表身份证复印件（加盖公章）（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the loan particulars (bank, amount, rate, term) (贷款银行、贷款金额、贷'
          '款利率、贷款起止期限), required by the Measures'),
         '缺少贷款银行、贷款金额、贷款利率、贷款起止期限（本办法）'),
        ('MISSING_DOCUMENT', None, False,
         ('missing: the poverty impact (villages or households driven, how incom'
          'es rise, expected effect) '
          '(覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算), required'
          ' by the Measures'),
         '缺少覆盖贫困村或带动贫困户数量、扶持增收方式和扶贫社会效果测算（本办法）'),
    ], id='a cooperative under a policy without citations'),
]


@pytest.mark.parametrize(("call", "expected"), CASES)
def test_every_finding_word_for_word(
    call: Callable[[], Decision], expected: list[tuple[str, str | None, bool, str, str]]
) -> None:
    got = [(r.code.value, r.article, r.passed, r.message, r.message_zh) for r in call().findings]
    assert got == expected


def test_every_bad_argument_named_with_its_value() -> None:
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: check_documents(5, "x", "p", on="d"))] == [  # type: ignore[arg-type]
        ("submitted", "must be a collection of Document members or their names (got 5, an int)"),
        ("borrower", "must be a NaturalPerson or a LegalEntity (got 'x', a str)"),
        ("policy", "must be a Policy or a PolicySchedule (got 'p', a str)"),
        ("on", "must be a datetime.date (got 'd', a str)")]
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: required_documents("x"))] == [  # type: ignore[arg-type]
        ("borrower", "must be a NaturalPerson or a LegalEntity (got 'x', a str)")]
    assert [(f, en) for f, _c, en, _zh in problems(
        lambda: required_documents(PERSON, on="d"))] == [  # type: ignore[arg-type]
        ("on", "must be a datetime.date (got 'd', a str)")]


def test_a_schedule_is_judged_by_its_last_policy_without_a_date_and_on_the_day_with_one() -> None:
    """A later policy (2026) cites Art. 99 for MISSING_DOCUMENT: without ``on`` the last policy
    judges; on 2025-06-01 the seed does (Art. 28)."""
    later = attrs.evolve(DEFAULT_POLICY, effective_from=dt.date(2026, 1, 1),
                         citations={"MISSING_DOCUMENT": "Art. 99"},
                         document=PolicyDocument(id="later", title="later"))
    book = PolicySchedule([DEFAULT_POLICY, later])
    assert {r.article for r in check_documents([], PERSON, book).findings} == {"Art. 99"}
    dated = check_documents([], PERSON, book, on=dt.date(2025, 6, 1))
    assert ({r.article for r in dated.findings}, dated.policy_id) == ({"Art. 28"},
                                                                     "x-county-measures")


def _said(decision: Decision) -> list[tuple[str, str | None, bool, str, str]]:
    return [(r.code.value, r.article, r.passed, r.message, r.message_zh) for r in decision.findings]


def test_the_unified_licence_stands_for_the_three_papers_after_the_reform() -> None:
    """国办发〔2015〕50号 (三证合一): from 2015-10-01 a business licence with a unified social
    credit code stands for the business licence, the organisation code certificate and the tax
    registration certificate. Each of the three is a passed MISSING_DOCUMENT finding citing the
    entity list's article, Art. 29(1) (第二十九条第（一）项; the preset's
    "MISSING_DOCUMENT:entity"), naming the paper, the licence and the reform's date. On
    2015-09-30, the day before, the licence stands for none of them: each is missing, and the
    message says why the licence does not count."""
    after = check_documents([D.UNIFIED_BUSINESS_LICENSE], firm(), on=dt.date(2015, 10, 1))
    assert _said(after)[1:4] == [
        ("MISSING_DOCUMENT", "Art. 29(1)", True,
         f"covered: the {en} ({zh}) is stood for by the business licence with a unified social "
         "credit code (three-in-one reform 三证合一, from 2015-10-01)",
         f"{zh}由载有统一社会信用代码的营业执照（三证合一）代替（2015-10-01起三证合一）")
        for en, zh in (("business licence", "营业执照"),
                       ("organisation code certificate", "组织机构代码证"),
                       ("tax registration certificate", "税务登记证"))]
    before = check_documents([D.UNIFIED_BUSINESS_LICENSE], firm(), on=dt.date(2015, 9, 30))
    assert _said(before)[1:4] == [
        ("MISSING_DOCUMENT", "Art. 29(1)", False,
         f"missing: the {en} ({zh}), required by Art. 29(1) (a unified business licence does not "
         "stand for it before the three-in-one reform of 2015-10-01)",
         f"缺少{zh}（第二十九条第（一）项）（2015-10-01三证合一之前，统一代码营业执照不能代替）")
        for en, zh in (("business licence", "营业执照"),
                       ("organisation code certificate", "组织机构代码证"),
                       ("tax registration certificate", "税务登记证"))]


def test_a_person_s_documents_cite_the_person_key_before_the_bare_code() -> None:
    """SPEC D1 / the preset's comment: a document's article is "MISSING_DOCUMENT:<DOC>", else
    "MISSING_DOCUMENT:person" for a natural person, else "MISSING_DOCUMENT". A policy whose bare
    code cites Art. 99 but whose person key cites Art. 28 (第二十八条) gives a person's seven
    Art. 28 documents Art. 28, not Art. 99."""
    art_28 = DEFAULT_POLICY.citations["MISSING_DOCUMENT"]
    assert (art_28.article, art_28.article_zh) == ("Art. 28", "第二十八条")
    policy = attrs.evolve(DEFAULT_POLICY, citations={
        "MISSING_DOCUMENT": "Art. 99", "MISSING_DOCUMENT:person": art_28})
    said = _said(check_documents([D.ID_CARD], PERSON, policy))
    assert said[:2] == [
        ("MISSING_DOCUMENT", "Art. 28", True,
         "submitted: the identity card (身份证)", "已提供身份证"),
        ("MISSING_DOCUMENT", "Art. 28", False,
         "missing: the poor-household information form (贫困户信息表), required by Art. 28",
         "缺少贫困户信息表（第二十八条）")]
    assert [r[1] for r in said] == ["Art. 28"] * 7
